import Foundation

/// Checkpoints of one in-progress stage: `step-<n>` directories, each written under a temporary
/// name and renamed into place, so a kill at any instant leaves only complete checkpoints.
public struct CheckpointStore: Sendable {
    /// The directory holding the checkpoints.
    public let directory: URL
    /// Save every this many steps (the spec's `runtime.checkpoint_every`).
    public let interval: Int
    /// Checkpoints kept; older ones are deleted after a successful save.
    public let keep: Int

    /// A store in `directory` saving every `interval` steps.
    public init(directory: URL, interval: Int, keep: Int = 2) {
        self.directory = directory
        self.interval = interval
        self.keep = keep
    }

    /// Whether `step` (1-based count of completed steps) is due for a checkpoint.
    public func isDue(step: Int) -> Bool { step > 0 && step % interval == 0 }

    /// Whether a stretch of work that took the step count from `from` to `to` passed a multiple of
    /// the interval: a loop that can only checkpoint between epochs saves at the first epoch end
    /// after each multiple, so checkpoints stay about `interval` steps apart whatever an epoch holds.
    public func isDue(from: Int, to: Int) -> Bool { to > from && to / interval > from / interval }

    /// The newest complete checkpoint, if any.
    public func latest() -> (step: Int, url: URL)? {
        steps().last.map { ($0, url(step: $0)) }
    }

    /// The newest checkpoint with its loop state (`loop.json`) decoded as `T`, or nil. A state
    /// that no longer decodes was written by a build with another layout of `T`: the checkpoints
    /// are removed and nil returned, so the stage starts over (its artifacts are the same as a
    /// resumed run's), and `discarded` hears why.
    public func latest<T: Decodable>(state: T.Type, discarded: (String) -> Void) -> (url: URL, state: T)? {
        guard let (_, url) = latest() else { return nil }
        let file = url.appendingPathComponent("loop.json")
        do {
            return (url, try JSONDecoder().decode(T.self, from: Data(contentsOf: file)))
        } catch {
            discarded("checkpoint \(file.path) does not decode (\(error)): written by another build, so the stage starts over")
            try? FileManager.default.removeItem(at: directory)
            return nil
        }
    }

    /// Saves a checkpoint for `step`: `write` fills a fresh directory.
    public func save(step: Int, _ write: (URL) throws -> Void) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tmp = directory.appendingPathComponent(".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(step)")
        try? FileManager.default.removeItem(at: tmp)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try write(tmp)
        let final = url(step: step)
        try? FileManager.default.removeItem(at: final)
        guard rename(tmp.path, final.path) == 0 else {
            throw PipelineError.cache("cannot move checkpoint into \(final.path): \(String(cString: strerror(errno)))")
        }
        for old in steps().dropLast(keep) { try? FileManager.default.removeItem(at: url(step: old)) }
    }

    private func url(step: Int) -> URL { directory.appendingPathComponent(String(format: "step-%012d", step)) }

    private func steps() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { $0.hasPrefix("step-") ? Int($0.dropFirst(5)) : nil }.sorted()
    }
}
