import ExperimentSpec
import Foundation
import TensorCore

/// What a run did, stage by stage.
public struct RunSummary: Sendable {
    /// Keys served from the cache.
    public var cached: [String] = []
    /// Keys executed from scratch.
    public var executed: [String] = []
    /// Keys continued from a checkpoint.
    public var resumed: [String] = []
    /// Keys whose entry was corrupted and rebuilt.
    public var rebuilt: [String] = []
    /// Stages that failed, with the reason.
    public var failures: [PipelineError] = []
    /// Keys not attempted because an upstream stage failed.
    public var skipped: [String] = []

    /// Whether every stage is now cached.
    public var succeeded: Bool { failures.isEmpty && skipped.isEmpty }
}

/// How a stage stands before running: `plan` prints this.
public enum StageStatus: Equatable, Sendable {
    case cached
    case toRun
    case toResume(step: Int)
    case running(pid: Int32, host: String)

    /// One word or phrase for tables.
    public var text: String {
        switch self {
        case .cached: return "cached"
        case .toRun: return "to run"
        case .toResume(let s): return "to resume (step \(s))"
        case .running(let pid, let host): return "running (pid \(pid) on \(host))"
        }
    }
}

/// Executes a stage graph against the cache: topological order, cache hit or run, one runner per
/// key across processes, checkpoints and resume, verified entries.
public final class Runner {
    let cache: CacheStore
    let registry: StageRegistry
    let console: Console
    let projectRoot: URL

    /// A runner building into `cache` with the bodies in `registry`.
    public init(cache: CacheStore, registry: StageRegistry, console: Console, projectRoot: URL) {
        self.cache = cache
        self.registry = registry
        self.console = console
        self.projectRoot = projectRoot
    }

    /// The status of a stage without running anything.
    public func status(of stage: PlannedStage) -> StageStatus {
        if cache.contains(stage.key) { return .cached }
        if let h = KeyLock.readHolder(cache.lockFile(stage.key)), h.isAliveOrRemote { return .running(pid: h.pid, host: h.host) }
        if let c = cache.checkpoints(stage.key, interval: 1).latest() { return .toResume(step: c.step) }
        return .toRun
    }

    /// Runs every stage of `graph` that is not cached (or, with `targets`, only those stages and
    /// what they depend on). Failures do not stop independent stages; stages downstream of a
    /// failure are skipped.
    public func run(_ graph: StageGraph, targets: Set<String>? = nil) -> RunSummary {
        var summary = RunSummary()
        var failed = Set<String>()
        let wanted = targets.map { $0.reduce(into: Set<String>()) { $0.formUnion(graph.closure(of: $1)) } }
        let names = StageNames(graph)
        for stage in graph.ordered where wanted?.contains(stage.key) ?? true {
            if stage.upstream.values.contains(where: failed.contains) {
                failed.insert(stage.key)
                summary.skipped.append(stage.key)
                console.line("skip   \(names.name(stage.key)): an upstream stage failed")
                continue
            }
            do {
                switch try execute(stage, name: names) {
                case .cached: summary.cached.append(stage.key)
                case .executed: summary.executed.append(stage.key)
                case .resumed: summary.resumed.append(stage.key)
                case .rebuilt: summary.rebuilt.append(stage.key)
                }
            } catch {
                failed.insert(stage.key)
                let reason = (error as? PipelineError).map { e -> String in
                    if case .stageFailed(_, _, let r) = e { return r }
                    return e.description
                } ?? String(describing: error)
                let e = PipelineError.stageFailed(stage: stage.label, key: stage.key, reason: reason)
                summary.failures.append(e)
                console.line("FAILED \(names.tagged(stage.key)): \(reason)")
            }
        }
        return summary
    }

    private enum Outcome { case cached, executed, resumed, rebuilt }

    private func execute(_ stage: PlannedStage, name names: StageNames) throws -> Outcome {
        let name = names.tagged(stage.key)
        var corrupted = false
        if cache.contains(stage.key) {
            guard let problem = cache.verify(stage.key) else {
                console.line("cached \(name)")
                return .cached
            }
            console.line("CORRUPTED \(name): \(problem); rebuilding")
            cache.events.record("corrupted", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
            corrupted = true
        }
        guard let body = registry.body(for: stage.kind) else {
            throw PipelineError.stageFailed(stage: stage.label, key: stage.key,
                                            reason: "this build has no implementation of '\(stage.kind.rawValue)' stages")
        }
        let lock = try KeyLock.acquire(cache.lockFile(stage.key), onWait: { h in
            self.console.line("wait   \(name): being built by pid \(h.pid) on \(h.host)")
        }, onStale: { h in
            self.console.line("stale lock of dead pid \(h.pid) on \(name) broken")
            self.cache.events.record("stale-lock", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
        })
        defer { lock.release() }

        // Someone else may have finished it while we waited, or we may be the one to discard it.
        if cache.contains(stage.key) {
            if !corrupted, cache.verify(stage.key) == nil {
                console.line("cached \(name) (built by another runner)")
                return .cached
            }
            try cache.discard(stage.key)
        }

        let partial = cache.partial(stage.key)
        let output = partial.appendingPathComponent("artifacts")
        try? FileManager.default.removeItem(at: output)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let checkpoints = cache.checkpoints(stage.key, interval: stage.runtime.checkpointEvery)
        let resumeStep = checkpoints.latest()?.step
        if let resumeStep {
            console.line("resume \(name) from step \(resumeStep)")
            cache.events.record("resumed", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
        } else {
            console.line("run    \(name)")
            cache.events.record("started", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
        }
        var upstream: [InputRole: URL] = [:]
        for (role, key) in stage.upstream { upstream[role] = cache.artifacts(key) }
        let context = StageContext(stage: stage, upstream: upstream, output: output, checkpoints: checkpoints,
                                   progress: StageProgress(console: console, label: name,
                                                           every: stage.runtime.logEvery),
                                   projectRoot: projectRoot)
        let start = Date()
        Parallel.setThreads(stage.runtime.threads)
        do {
            try body.run(planned: stage, context)
        } catch {
            cache.events.record("failed", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
            throw PipelineError.stageFailed(stage: stage.label, key: stage.key, reason: String(describing: error))
        }
        let seconds = Date().timeIntervalSince(start)
        _ = try cache.commit(stage, seconds: seconds)
        cache.events.record("completed", kind: stage.kind.rawValue, key: stage.key, label: stage.label)
        console.line("done   \(name) in \(String(format: "%.2f", seconds)) s")
        if corrupted { return .rebuilt }
        return resumeStep == nil ? .executed : .resumed
    }
}
