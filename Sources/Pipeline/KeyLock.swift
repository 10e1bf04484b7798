import Foundation

/// An exclusive per-key lock file holding its owner's pid and host name, so concurrent runners
/// sharing one cache build each stage once. A lock whose owner is a dead process on this host is
/// stale and broken; locks of other hosts are waited for.
final class KeyLock {
    /// Who holds a lock.
    struct Holder: Equatable {
        let pid: Int32
        let host: String

        var isAliveOrRemote: Bool {
            host != Host.name || kill(pid, 0) == 0 || errno == EPERM
        }
    }

    let url: URL
    private var released = false

    private init(url: URL) { self.url = url }

    /// Takes the lock, waiting while a live owner holds it. `onWait` is called once with the
    /// holder when the lock is busy; `onStale` when a dead owner's lock is broken.
    static func acquire(_ url: URL, onWait: (Holder) -> Void, onStale: (Holder) -> Void) throws -> KeyLock {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let me = "\(getpid()) \(Host.name)\n"
        var announced = false
        while true {
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                _ = me.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return KeyLock(url: url)
            }
            guard errno == EEXIST else {
                throw PipelineError.cache("cannot create lock \(url.path): \(String(cString: strerror(errno)))")
            }
            guard let holder = readHolder(url) else {
                // Being written right now, or removed between open and read: look again shortly.
                usleep(20_000)
                continue
            }
            if !holder.isAliveOrRemote {
                // Rename first so that of several runners breaking the same stale lock only one
                // succeeds, and none removes a lock that a live runner has just taken.
                let aside = url.appendingPathExtension("stale-\(getpid())")
                if rename(url.path, aside.path) == 0 {
                    if readHolder(aside) == holder {
                        onStale(holder)
                    } else if link(aside.path, url.path) != 0 {
                        // A live lock was moved aside by mistake and its name taken since: its owner
                        // keeps working; we simply wait for the new one.
                    }
                    unlink(aside.path)
                }
                continue
            }
            if !announced { onWait(holder); announced = true }
            usleep(100_000)
        }
    }

    static func readHolder(_ url: URL) -> Holder? {
        guard let text = try? String(contentsOf: url, encoding: .utf8), text.hasSuffix("\n") else { return nil }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let pid = Int32(parts[0]) else { return nil }
        return Holder(pid: pid, host: String(parts[1]))
    }

    /// Releases the lock (idempotent).
    func release() {
        guard !released else { return }
        released = true
        unlink(url.path)
    }

    deinit { release() }
}
