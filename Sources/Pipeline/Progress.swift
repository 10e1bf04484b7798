import Foundation

/// Receives a stage's progress through its own loop.
public protocol ProgressReporter: Sendable {
    /// `done` of `total` units finished; `note` is a short status (e.g. a loss value).
    func update(done: Int, total: Int, note: String)
    /// A one-off line about the stage (e.g. a checkpoint it could not use).
    func note(_ text: String)
}

extension ProgressReporter {
    /// Reporters that only draw progress drop notes.
    public func note(_ text: String) {}
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
    /// throttles plain lines); `eta` is appended when known.
    func progress(label: String, done: Int, total: Int, note: String, eta: String?, plain: Bool) {
        let pct = total > 0 ? Double(done) / Double(total) : 0
        let tail = eta.map { ", eta \($0)" } ?? ""
        if isTerminal && !quiet {
            let width = 30, filled = Int(pct * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            lock.lock()
            // Redraw at most 10 times a second; a training loop may report every step.
            let now = Date()
            if !plain && done != total && now.timeIntervalSince(lastDraw) < 0.1 { lock.unlock(); return }
            lastDraw = now
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(note) [\(bar)] \(done)/\(total)\(tail)".utf8))
            barShown = true
            lock.unlock()
            if plain { lock.lock(); logFile?.write(Data((Self.timestamp() + " \(label) \(note) (\(done)/\(total)\(tail))\n").utf8)); lock.unlock() }
        } else if plain {
            line("\(label) \(note) (\(done)/\(total), \(Int(pct * 100))%\(tail))")
        }
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date())
    }
}

/// Progress of one stage, forwarded to the console: every update on a terminal, and otherwise a
/// plain line every `every` units, at least every `period` seconds, and at the end.
struct StageProgress: ProgressReporter {
    let console: Console
    let label: String
    let every: Int
    var period: TimeInterval = 30
    private let clock = ProgressClock()

    init(console: Console, label: String, every: Int) {
        self.console = console
        self.label = label
        self.every = every
    }

    func note(_ text: String) { console.line("note   \(label): \(text)") }

    func update(done: Int, total: Int, note: String) {
        let (eta, due) = clock.tick(done: done, total: total, period: period)
        let plain = done == total || done % max(every, 1) == 0 || due
        console.progress(label: label, done: done, total: total, note: note, eta: eta, plain: plain)
        if plain { clock.printed() }
    }
}

/// When a stage's progress started (the first update, which after a resume is not 0) and when
/// its last plain line went out: the ETA extrapolates the rate since that first update.
final class ProgressClock: @unchecked Sendable {
    private let lock = NSLock()
    private var start: (done: Int, time: Date)?
    private var lastPrinted = Date()
    /// Stages shorter than this show no ETA: it would only flicker.
    static let minimumElapsed: TimeInterval = 5

    /// The ETA text after `done` of `total` units, and whether a periodic plain line is due.
    func tick(done: Int, total: Int, period: TimeInterval) -> (eta: String?, due: Bool) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard let s = start else {
            start = (done, now)
            return (nil, false)
        }
        let due = now.timeIntervalSince(lastPrinted) >= period
        let elapsed = now.timeIntervalSince(s.time)
        guard elapsed >= Self.minimumElapsed, done > s.done, done < total else { return (nil, due) }
        return (Self.duration(elapsed / Double(done - s.done) * Double(total - done)), due)
    }

    func printed() {
        lock.lock(); lastPrinted = Date(); lock.unlock()
    }

    /// `45s`, `12m05s`, `3h07m`.
    static func duration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm%02ds", t / 60, t % 60) }
        return String(format: "%dh%02dm", t / 3600, (t % 3600) / 60)
    }
}
