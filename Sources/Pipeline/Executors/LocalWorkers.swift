import Foundation

/// Runs a stage graph in up to `jobs` child `runexp stage run` processes: a stage starts once
/// every upstream stage is cached, each stage is started once, and the per-key locks plus the
/// cache remain the only coordination with other runners on the same cache.
public struct LocalWorkers {
    /// What each worker executes.
    public let command: StageCommandLine
    /// Maximum concurrent workers.
    public let jobs: Int
    /// Where the scheduler's own lines go (workers write to the inherited stderr).
    public let console: Console

    /// A pool of `jobs` workers starting `command`.
    public init(command: StageCommandLine, jobs: Int, console: Console) {
        precondition(jobs >= 1, "at least one worker")
        self.command = command
        self.jobs = jobs
        self.console = console
    }

    /// Builds every stage of `graph` (or of the closure of `targets`) not yet cached. Stages
    /// downstream of a failed one are skipped; independent ones still run.
    public func run(_ graph: StageGraph, cache: CacheStore, targets: Set<String>? = nil) throws -> RunSummary {
        let wanted = targets.map { $0.reduce(into: Set<String>()) { $0.formUnion(graph.closure(of: $1)) } }
        var pending = graph.order.filter { wanted?.contains($0) ?? true }
        var summary = RunSummary()
        var done = Set<String>(), failed = Set<String>()
        var running: [Int32: (key: String, process: Process)] = [:]
        let finished = FinishedQueue()

        while !pending.isEmpty || !running.isEmpty {
            // Settle what needs no worker: cached stages and stages cut off by a failure.
            var progressed = true
            while progressed {
                progressed = false
                for key in pending {
                    let stage = graph.nodes[key]!
                    if stage.upstream.values.contains(where: failed.contains) {
                        failed.insert(key); summary.skipped.append(key)
                        console.line("skip   \(graph.displayLabel(of: key)): an upstream stage failed")
                    } else if stage.upstream.values.allSatisfy(done.contains), cache.contains(key), cache.verify(key) == nil {
                        done.insert(key); summary.cached.append(key)
                        console.line("cached \(graph.displayLabel(of: key)) [\(key.prefix(8))]")
                    } else { continue }
                    pending.removeAll { $0 == key }
                    progressed = true
                }
            }
            for key in pending where running.count < jobs {
                let stage = graph.nodes[key]!
                guard stage.upstream.values.allSatisfy(done.contains) else { continue }
                let p = Process()
                p.executableURL = command.executable
                p.arguments = command.arguments(key: key)
                p.currentDirectoryURL = command.projectRoot
                p.terminationHandler = { finished.push($0.processIdentifier) }
                do { try p.run() } catch {
                    throw PipelineError.cache("cannot start worker \(command.executable.path): \(error)")
                }
                console.line("worker \(p.processIdentifier): \(graph.displayLabel(of: key)) [\(key.prefix(8))]")
                running[p.processIdentifier] = (key, p)
                pending.removeAll { $0 == key }
            }
            guard !running.isEmpty else { continue }
            let pid = finished.pop()
            guard let entry = running.removeValue(forKey: pid) else { continue }
            let (key, p) = (entry.key, entry.process)
            p.waitUntilExit()
            let stage = graph.nodes[key]!
            if p.terminationStatus == 0, cache.contains(key) {
                done.insert(key); summary.executed.append(key)
            } else {
                failed.insert(key)
                summary.failures.append(.stageFailed(stage: graph.displayLabel(of: key), key: key,
                                                     reason: "worker \(pid) exited with status \(p.terminationStatus)"))
                console.line("FAILED \(graph.displayLabel(of: key)) [\(key.prefix(8))]: worker \(pid) exited with status \(p.terminationStatus)")
            }
        }
        return summary
    }
}

/// Process ids of finished workers, handed from termination handlers to the scheduler loop.
private final class FinishedQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pids: [Int32] = []

    func push(_ pid: Int32) {
        condition.lock(); pids.append(pid); condition.signal(); condition.unlock()
    }

    func pop() -> Int32 {
        condition.lock(); defer { condition.unlock() }
        while pids.isEmpty { condition.wait() }
        return pids.removeFirst()
    }
}
