import Foundation

/// Receives a stage's progress through its own loop.
public protocol ProgressReporter: Sendable {
    /// `done` of `total` units finished; `note` is a short status (e.g. a loss value).
    func update(done: Int, total: Int, note: String)
}

/// Where the runner's human-readable output goes: a terminal (redrawn progress bar) or a log
/// (plain lines), and optionally a log file that always gets plain lines.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private var logFile: FileHandle?
    private var barShown = false
    private var lastDraw = Date.distantPast
    private let quiet: Bool

    /// Console on stderr; a progress bar only when stderr is a terminal.
    public init(quiet: Bool = false) {
        isTerminal = isatty(2) == 1
        self.quiet = quiet
    }

    /// Also append plain lines to `url` from now on.
    public func attachLog(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let h = try FileHandle(forWritingTo: url)
        h.seekToEndOfFile()
        lock.lock(); logFile = h; lock.unlock()
    }

    /// A plain line (clears a progress bar first).
    public func line(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        logFile?.write(Data((Self.timestamp() + " " + text + "\n").utf8))
        if quiet { return }
        if barShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); barShown = false }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Progress of `label`: a redrawn bar on a terminal, otherwise a plain line (the caller
    /// throttles plain lines).
    func progress(label: String, done: Int, total: Int, note: String, plain: Bool) {
        let pct = total > 0 ? Double(done) / Double(total) : 0
        if isTerminal && !quiet {
            let width = 30, filled = Int(pct * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            lock.lock()
            // Redraw at most 10 times a second; a training loop may report every step.
            let now = Date()
            if !plain && done != total && now.timeIntervalSince(lastDraw) < 0.1 { lock.unlock(); return }
            lastDraw = now
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label) [\(bar)] \(Int(pct * 100))% \(done)/\(total) \(note)".utf8))
            barShown = true
            lock.unlock()
            if plain { lock.lock(); logFile?.write(Data((Self.timestamp() + " \(label) \(done)/\(total) \(note)\n").utf8)); lock.unlock() }
        } else if plain {
            line("\(label) \(done)/\(total) (\(Int(pct * 100))%) \(note)")
        }
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date())
    }
}

/// Progress of one stage, forwarded to the console: every update on a terminal, and a plain line
/// every `every` units (and at the end) otherwise.
struct StageProgress: ProgressReporter {
    let console: Console
    let label: String
    let every: Int

    func update(done: Int, total: Int, note: String) {
        let plain = done == total || done % max(every, 1) == 0
        console.progress(label: label, done: done, total: total, note: note, plain: plain)
    }
}
