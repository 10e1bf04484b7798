import ExperimentSpec
import Foundation
import Models

/// The readable face of a run: `runs/<experiment>/[<variant>/]<stage>` symlinks into the cache,
/// the resolved spec, `metrics.csv` gathered from stages, and `logs/`.
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

    /// Refreshes links, resolved spec and metrics for the variants of one experiment file.
    public func update(variants: [VariantPlan], cache: CacheStore, reportKey: String?) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        var resolved: [CanonicalValue] = []
        var metrics = "variant,stage,metric,value\n"
        for v in variants {
            let label = v.experiment.variantLabel
            let dir = label.isEmpty ? directory : directory.appendingPathComponent(Self.safe(label))
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            var stages: [String: CanonicalValue] = [:]
            for s in v.stages {
                stages[s.label] = .string(s.key)
                try link(dir.appendingPathComponent(Self.safe(s.label)), to: cache.entry(s.key), exists: cache.contains(s.key))
                if let text = try? String(contentsOf: cache.artifacts(s.key).appendingPathComponent("metrics.csv"), encoding: .utf8) {
                    for row in text.split(separator: "\n").dropFirst() where !row.isEmpty {
                        metrics += "\(Self.csv(label)),\(Self.csv(s.label)),\(row)\n"
                    }
                }
            }
            resolved.append(.object(["variant": .string(label), "spec": v.experiment.resolved, "stages": .object(stages)]))
        }
        if let reportKey {
            try link(directory.appendingPathComponent("report"), to: cache.entry(reportKey), exists: cache.contains(reportKey))
        }
        try AtomicFile.write(Self.pretty(.list(resolved)) + "\n", to: directory.appendingPathComponent("resolved-spec.json"))
        try AtomicFile.write(metrics, to: directory.appendingPathComponent("metrics.csv"))
    }

    /// Points `at` to `target` (replaced atomically, so concurrent runs never see a missing or
    /// half-made link), or removes it when the target does not exist.
    private func link(_ at: URL, to target: URL, exists: Bool) throws {
        guard exists else {
            try? FileManager.default.removeItem(at: at)
            return
        }
        // Relative links keep working when the project folder moves.
        let from = at.deletingLastPathComponent().standardizedFileURL.pathComponents
        let to = target.standardizedFileURL.pathComponents
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let rel = Array(repeating: "..", count: from.count - common) + to[common...]
        let tmp = at.deletingLastPathComponent().appendingPathComponent(".\(at.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: tmp)
        try FileManager.default.createSymbolicLink(atPath: tmp.path, withDestinationPath: rel.joined(separator: "/"))
        guard rename(tmp.path, at.path) == 0 else {
            throw PipelineError.cache("cannot create link \(at.path): \(String(cString: strerror(errno)))")
        }
    }

    static func safe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || "-_.=,[]()".contains($0) ? $0 : "_" })
    }

    static func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Canonical JSON, indented for reading.
    static func pretty(_ v: CanonicalValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch v {
        case .list(let l) where !l.isEmpty:
            return "[\n" + l.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.keys.sorted().map { inner + Canonical.quote($0) + ": " + pretty(o[$0]!, indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        default:
            return v.encoded
        }
    }
}
