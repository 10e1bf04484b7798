import ExperimentSpec
import Foundation
import TensorCore

/// Answers "why will this stage run?": compares its key inputs field by field with the nearest
/// cached entry of the same kind (fewest differing fields), following changed upstream keys.
public struct Explainer {
    let cache: CacheStore
    let graph: StageGraph
    /// The BLAS kernels this process computes with, to compare with a cached entry's.
    let kernels: String

    /// An explainer for `graph` against `cache`, on this process's BLAS kernels.
    public init(cache: CacheStore, graph: StageGraph, kernels: String = BLAS.kernels) {
        self.cache = cache
        self.graph = graph
        self.kernels = kernels
    }

    /// One difference between the planned stage and a cached entry.
    public struct Difference: Equatable, Sendable {
        /// Field path, `version`, or `upstream <role>`.
        public let field: String
        /// The cached entry's value (nil when it had no such field).
        public let cached: String?
        /// The planned value (nil when the field is gone).
        public let planned: String?
    }

    /// Differences from the nearest cached entry of the same kind, or nil when none exists.
    public func nearest(_ stage: PlannedStage) -> (manifest: Manifest, differences: [Difference])? {
        let candidates = cache.allKeys().compactMap(cache.manifest).filter { $0.kind == stage.kind.rawValue }
        return candidates.map { ($0, differences(stage, $0)) }
            .min { a, b in a.1.count != b.1.count ? a.1.count < b.1.count : a.0.created > b.0.created }
    }

    func differences(_ stage: PlannedStage, _ m: Manifest) -> [Difference] {
        var out: [Difference] = []
        if m.version != stage.version { out.append(Difference(field: "version", cached: "\(m.version)", planned: "\(stage.version)")) }
        let planned = stage.fields.mapValues(\.encoded)
        for f in Set(planned.keys).union(m.fields.keys).sorted() where planned[f] != m.fields[f] {
            out.append(Difference(field: f, cached: m.fields[f], planned: planned[f]))
        }
        let upstream = stage.upstreamByName
        for r in Set(upstream.keys).union(m.upstream.keys).sorted() where upstream[r] != m.upstream[r] {
            out.append(Difference(field: "upstream \(r)", cached: m.upstream[r], planned: upstream[r]))
        }
        return out
    }

    /// A readable explanation of `stage`, recursing into changed upstream stages.
    public func explain(_ stage: PlannedStage, indent: String = "") -> String {
        if cache.contains(stage.key) {
            var s = "\(indent)\(stage.label) [\(stage.key.prefix(12))]: cached, nothing to run"
            if let m = cache.manifest(stage.key) {
                s += " (built \(m.created) on \(m.host)\(m.blas.map { ", \($0)" } ?? ""))"
                // Same key, other kernels: a rebuild here may agree only to rounding (Zen and Haswell agree).
                if let b = m.blas, b != kernels { s += "; this machine has \(kernels), so a rebuild here may differ in its last bits" }
            }
            return s + "\n"
        }
        var s = "\(indent)\(stage.label) [\(stage.key.prefix(12))]: will run"
        guard let (m, diffs) = nearest(stage) else {
            return s + " — no cached '\(stage.kind.rawValue)' entry to compare with\n"
        }
        s += " — nearest cached '\(stage.kind.rawValue)' entry \(m.key.prefix(12)) (\(m.label), \(m.experiment), \(m.created)) differs in \(diffs.count) field\(diffs.count == 1 ? "" : "s"):\n"
        for d in diffs {
            if d.field.hasPrefix("upstream "), let k = d.planned, let up = graph.nodes[k] {
                s += "\(indent)  \(d.field): \(d.cached.map { String($0.prefix(12)) } ?? "none") → \(k.prefix(12)) (\(up.label))\n"
                s += explain(up, indent: indent + "    ")
            } else {
                s += "\(indent)  \(d.field): \(d.cached ?? "(absent)") → \(d.planned ?? "(absent)")\n"
            }
        }
        return s
    }
}
