import FileSupport
import Foundation

/// One `sbatch` submission: sibling stages of one kind with the same dependencies, as a job
/// array when there are several.
public struct SlurmJobGroup: Sendable {
    /// Stage kind of every member.
    public let kind: String
    /// Member stage keys (array task `i` runs `keys[i]`).
    public let keys: [String]
    /// Member labels, for the script's comment and messages.
    public let labels: [String]
    /// Jobs this group waits for: ids of jobs already queued, and indices of earlier groups of
    /// the same submission.
    public let waitsForJobs: [String]
    /// Indices of earlier groups whose jobs this group waits for.
    public let waitsForGroups: [Int]
    /// The subset of `waitsForGroups` matched task by task (member `i` needs only member `i`
    /// of that group): `aftercorr`, so each task starts as soon as its own upstream is done.
    public let correspondingGroups: [Int]
}

/// Hands a stage graph to Slurm: one job per stage not cached, chained with
/// `--dependency=afterok:` along the graph's edges, siblings grouped into job arrays, stages
/// still queued or running from an earlier submission reused rather than resubmitted.
public struct SlurmExecutor {
    /// What each job executes.
    public let command: StageCommandLine
    /// Resource requests for every job.
    public let options: SlurmOptions
    /// The Slurm commands.
    public let client: SlurmClient
    /// Where submissions are recorded.
    public let jobs: SlurmJobStore
    /// The cache the jobs build into.
    public let cache: CacheStore

    /// An executor submitting `command` for stages of `cache`.
    public init(command: StageCommandLine, options: SlurmOptions, client: SlurmClient, cache: CacheStore) {
        self.command = command
        self.options = options
        self.client = client
        self.cache = cache
        self.jobs = SlurmJobStore(cache: cache)
    }

    /// The groups to submit for `graph` (or the closure of `targets`), and the stages reused
    /// from jobs still in the queue (key → job id).
    public func plan(_ graph: StageGraph, targets: Set<String>? = nil) -> (groups: [SlurmJobGroup], queued: [String: String]) {
        let wanted = targets.map { $0.reduce(into: Set<String>()) { $0.formUnion(graph.closure(of: $1)) } }
        let keys = graph.order.filter { (wanted?.contains($0) ?? true) && !(cache.contains($0) && cache.verify($0) == nil) }
        let records = Dictionary(uniqueKeysWithValues: keys.compactMap { k in jobs.record(k).map { (k, $0.jobId) } })
        let states = client.states(Array(Set(records.values)))
        var queued: [String: String] = [:]
        for (k, id) in records where states[id]?.isActive == true { queued[k] = id }

        var groupOf: [String: Int] = [:]
        var signatures: [String: Int] = [:]
        var members: [(kind: String, keys: [String], jobs: Set<String>, groups: Set<Int>)] = []
        for key in keys where queued[key] == nil {
            let stage = graph.nodes[key]!
            let waitJobs = Set(stage.upstream.values.compactMap { queued[$0] })
            let waitGroups = Set(stage.upstream.values.compactMap { groupOf[$0] })
            let signature = "\(stage.kind.rawValue)|\(waitJobs.sorted())|\(waitGroups.sorted())"
            if let g = signatures[signature] {
                members[g].keys.append(key)
            } else {
                signatures[signature] = members.count
                members.append((stage.kind.rawValue, [key], waitJobs, waitGroups))
            }
            groupOf[key] = signatures[signature]!
        }
        let groups = members.map { m in
            let corresponding = m.groups.filter { g in
                let up = members[g].keys
                return up.count == m.keys.count && m.keys.count > 1 && m.keys.indices.allSatisfy { i in
                    graph.nodes[m.keys[i]]!.upstream.values.filter(up.contains) == [up[i]]
                }
            }
            return SlurmJobGroup(kind: m.kind, keys: m.keys, labels: m.keys.map { graph.displayLabel(of: $0) },
                                 waitsForJobs: m.jobs.sorted(), waitsForGroups: m.groups.sorted(),
                                 correspondingGroups: corresponding.sorted())
        }
        return (groups, queued)
    }

    /// The batch script of `group`, waiting for all of `dependencies` (job ids) and, task by
    /// task, for `corresponding` (array job ids).
    public func script(_ group: SlurmJobGroup, dependencies: [String], corresponding: [String] = []) -> String {
        let array = group.keys.count > 1
        var lines = ["#!/bin/bash", "#SBATCH --job-name=runexp-\(group.kind)",
                     "#SBATCH --output=\(jobs.logs.path)/\(array ? "%x-%A_%a" : "%x-%j").out"]
        if array { lines.append("#SBATCH --array=0-\(group.keys.count - 1)") }
        let conditions = (dependencies.isEmpty ? [] : ["afterok:" + dependencies.joined(separator: ":")])
            + (corresponding.isEmpty ? [] : ["aftercorr:" + corresponding.joined(separator: ":")])
        if !conditions.isEmpty {
            lines.append("#SBATCH --dependency=\(conditions.joined(separator: ","))")
            // A failed upstream cancels this job instead of leaving it pending forever.
            lines.append("#SBATCH --kill-on-invalid-dep=yes")
        }
        lines += options.directives.map { "#SBATCH \($0)" }
        lines.append("# stages:")
        lines += zip(group.keys, group.labels).enumerated().map { "#   \($0.offset): \($0.element.1) \($0.element.0)" }
        lines += ["set -euo pipefail",
                  "keys=(\(group.keys.joined(separator: " ")))",
                  "key=${keys[${SLURM_ARRAY_TASK_ID:-0}]}",
                  "cd \(Self.quote(command.projectRoot.path))",
                  "exec " + ([command.executable.path] + command.arguments(key: "KEY")).map { $0 == "KEY" ? "\"$key\"" : Self.quote($0) }
                      .joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scripts a submission would send, with earlier groups' ids shown as `<group N>`.
    public func dryRun(_ graph: StageGraph, targets: Set<String>? = nil) -> [String] {
        let p = plan(graph, targets: targets)
        return p.groups.map { g in
            let whole = g.waitsForGroups.filter { !g.correspondingGroups.contains($0) }
            return script(g, dependencies: g.waitsForJobs + whole.map { "<group \($0 + 1)>" },
                          corresponding: g.correspondingGroups.map { "<group \($0 + 1)>" })
        }
    }

    /// Submits every group in order and records each stage's job. A refused submission throws
    /// with sbatch's message; groups submitted before it stay recorded, nothing after it is sent.
    @discardableResult
    public func submit(_ graph: StageGraph, targets: Set<String>? = nil, console: Console) throws -> [SlurmJobRecord] {
        let p = plan(graph, targets: targets)
        for (key, id) in p.queued.sorted(by: { $0.key < $1.key }) {
            console.line("queued \(graph.nodes[key]!.label) [\(key.prefix(12))] already as job \(id)")
        }
        try FileManager.default.createDirectory(at: jobs.scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: jobs.logs, withIntermediateDirectories: true)
        var groupIds: [(job: String, tasks: [String])] = []
        var records: [SlurmJobRecord] = []
        for g in p.groups {
            let whole = g.waitsForGroups.filter { !g.correspondingGroups.contains($0) }
            let deps = g.waitsForJobs + whole.flatMap { groupIds[$0].tasks }
            let corr = g.correspondingGroups.map { groupIds[$0].job }
            let url = jobs.scripts.appendingPathComponent("\(g.kind)-\(g.keys[0].prefix(12)).sh")
            try AtomicFile.write(script(g, dependencies: deps, corresponding: corr), to: url)
            let id = try client.submit(url)
            let ids = g.keys.count > 1 ? g.keys.indices.map { "\(id)_\($0)" } : [id]
            for (i, key) in g.keys.enumerated() {
                let r = SlurmJobRecord(key: key, kind: g.kind, label: g.labels[i], jobId: ids[i], submitted: Console.timestamp())
                try jobs.save(r)
                records.append(r)
            }
            groupIds.append((id, ids))
            let what = g.keys.count > 1 ? "\(g.keys.count) \(g.kind) stages as array job \(id)" : "\(g.labels[0]) as job \(id)"
            let after = deps + corr.map { "\($0) (task by task)" }
            console.line("submitted \(what)" + (after.isEmpty ? "" : " after \(after.joined(separator: ", "))"))
        }
        if p.groups.isEmpty && p.queued.isEmpty { console.line("every stage is cached; nothing to submit") }
        return records
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
