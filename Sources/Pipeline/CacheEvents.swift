import Foundation

/// The cache's append-only record of what happened (`cache/events.log`): one tab-separated line
/// per event with time, host, pid, event, stage kind, key and label. Lines are short single
/// `write`s with O_APPEND, so concurrent runners never interleave within a line.
public struct CacheEvents: Sendable {
    /// One recorded event.
    public struct Event: Sendable, Equatable {
        /// ISO-8601 time.
        public let time: String
        /// Host name of the runner.
        public let host: String
        /// Process id of the runner.
        public let pid: Int32
        /// `started`, `resumed`, `completed`, `failed`, `corrupted`, `stale-lock`.
        public let event: String
        /// Stage kind.
        public let kind: String
        /// Stage key.
        public let key: String
        /// Stage label.
        public let label: String
    }

    /// The log file.
    public let url: URL

    /// Appends one event.
    func record(_ event: String, kind: String, key: String, label: String) {
        let line = [Console.timestamp(), Host.name, String(getpid()), event, kind, key,
                    label.replacingOccurrences(of: "\t", with: " ")].joined(separator: "\t") + "\n"
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.withCString { write(fd, $0, strlen($0)) }
    }

    /// All events so far.
    public func all() -> [Event] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let p = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard p.count == 7, let pid = Int32(p[2]) else { return nil }
            return Event(time: p[0], host: p[1], pid: pid, event: p[3], kind: p[4], key: p[5], label: p[6])
        }
    }
}

/// This machine's host name.
enum Host {
    static let name: String = {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, buf.count)
        return String(cString: buf)
    }()
}
