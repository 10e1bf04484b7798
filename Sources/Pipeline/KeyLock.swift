import Foundation

/// An exclusive per-key lock file holding its owner's pid and host name, so concurrent runners
/// sharing one cache (also across the nodes of a cluster) build each stage once.
///
/// A lock is stale when its owner is a dead process on this host, or, for an owner on another
/// host (whose pids cannot be checked), when its heartbeat stopped: the owner touches the file
/// every `heartbeat` seconds, and a lock untouched for `remoteTimeout` seconds is broken.
final class KeyLock {
    /// Seconds between the owner's touches of its lock file.
    static let heartbeat: TimeInterval = 10
    /// Age after which another host's lock counts as abandoned.
    static let remoteTimeout: TimeInterval = 120

    /// Who holds a lock.
    struct Holder: Equatable {
        let pid: Int32
        let host: String
        /// Seconds since the lock file was last touched.
        var age: TimeInterval = 0

        static func == (a: Holder, b: Holder) -> Bool { a.pid == b.pid && a.host == b.host }

        var isAliveOrRemote: Bool {
            if host != Host.name { return age < KeyLock.remoteTimeout }
            return kill(pid, 0) == 0 || errno == EPERM
        }
    }

    let url: URL
    private var released = false
    private let timer: DispatchSourceTimer

    private init(url: URL) {
        self.url = url
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + Self.heartbeat, repeating: Self.heartbeat)
        let path = url.path
        timer.setEventHandler { _ = utimensat(AT_FDCWD, path, nil, 0) }
        timer.resume()
    }

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
                // A lock that stays unreadable was left by a runner killed between creating and
                // writing it; set it aside once it is clearly not in the middle of being written.
                var st = stat()
                if stat(url.path, &st) == 0, Date().timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 10 {
                    let aside = url.appendingPathExtension("unreadable-\(getpid())")
                    if rename(url.path, aside.path) == 0 {
                        if readHolder(aside) != nil { _ = link(aside.path, url.path) }  // written meanwhile: restore
                        unlink(aside.path)
                    }
                }
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
                    } else {
                        // Between our read and the rename a live runner took the lock: put it back
                        // (if the name was taken meanwhile, that runner holds it and we wait).
                        _ = link(aside.path, url.path)
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
        var st = stat()
        let age = stat(url.path, &st) == 0 ? Date().timeIntervalSince1970 - Double(st.st_mtim.tv_sec) : 0
        return Holder(pid: pid, host: String(parts[1]), age: age)
    }

    /// Releases the lock (idempotent).
    func release() {
        guard !released else { return }
        released = true
        timer.cancel()
        unlink(url.path)
    }

    deinit { release() }
}
