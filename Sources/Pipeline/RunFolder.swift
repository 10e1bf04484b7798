import ExperimentSpec
import FileSupport
import Foundation

/// The readable face of a run, laid out like Lightning's: `runs/<experiment>/<case>/<stage>/`
/// (see `CaseName` and `StageFolder`), views of the cache entries, plus the resolved spec,
/// `metrics.csv` gathered from stages, a `report` link and `logs/`. The cache stays the
/// source of truth: everything here is rebuilt from it.
public struct RunFolder {
    /// `runs/<experiment>`.
    public let directory: URL

    /// The folder for the experiment named `name` under `runs`.
    public init(runs: URL, name: String) { directory = runs.appendingPathComponent(name) }

    /// A fresh log file for this invocation.
    public func newLog() -> URL {
        let stamp = Console.timestamp().replacingOccurrences(of: ":", with: "-")
        return directory.appendingPathComponent("logs/run-\(stamp)-\(getpid()).log")
    }

    /// Refreshes the case and stage folders, resolved spec and metrics for the variants of one
    /// experiment file.
    public func update(variants: [VariantPlan], cache: CacheStore, reportKey: String?) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let runs = directory.deletingLastPathComponent()
        var resolved: [CanonicalValue] = []
        var metrics = "variant,stage,metric,value\n"
        let names = CaseName.assign(variants.map(\.experiment))
        StaleFolders.prune(directory, keeping: Set(names))
        for (v, name) in zip(variants, names) {
            let dir = directory.appendingPathComponent(name)
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            var stages: [String: CanonicalValue] = [:]
            let folders = StageFolder.names(of: v.stages.map(\.label))
            StaleFolders.pruneStages(dir, keeping: Set(folders))
            for (s, folder) in zip(v.stages, folders) {
                stages[s.label] = .string(s.key)
                try StageFolder(directory: dir.appendingPathComponent(folder)).update(key: s.key, cache: cache, runs: runs)
                if let text = try? String(contentsOf: cache.artifacts(s.key).appendingPathComponent("metrics.csv"), encoding: .utf8) {
                    for row in text.split(separator: "\n").dropFirst() where !row.isEmpty {
                        metrics += "\(CSV.field(name)),\(CSV.field(s.label)),\(row)\n"
                    }
                }
            }
            resolved.append(.object(["case": .string(name), "variant": .string(v.experiment.variantLabel),
                                     "spec": v.experiment.resolved, "stages": .object(stages)]))
        }
        if let reportKey {
            try RelativeLink.set(directory.appendingPathComponent("report"), to: cache.entry(reportKey), exists: cache.contains(reportKey))
        }
        try AtomicFile.write(Self.pretty(.list(resolved)) + "\n", to: directory.appendingPathComponent("resolved-spec.json"))
        try AtomicFile.write(metrics, to: directory.appendingPathComponent("metrics.csv"))
    }

    /// Canonical JSON, indented for reading.
    static func pretty(_ v: CanonicalValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch v {
        case .list(let l) where !l.isEmpty:
            return "[\n" + l.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.keys.sorted().map { inner + JSONText.string($0) + ": " + pretty(o[$0]!, indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        default:
            return v.encoded
        }
    }
}
