import ExperimentSpec

/// One planned stage: what it is, the fields its output depends on, and its cache key.
public struct PlannedStage: Sendable {
    /// Stage type (`preprocess`, `pretrain`, `finetune`, `linear-eval`, `report`, `selftest`).
    public let kind: String
    /// Readable name within its experiment variant, e.g. `finetune[folds=2]`.
    public let label: String
    /// Implementation version (part of the key).
    public let version: Int
    /// Output-affecting fields by dotted path, canonical (what `explain` compares).
    public let fields: [String: CanonicalValue]
    /// Upstream stage keys by role (`downstream`, `corpus[0]`, `encoder`, ...).
    public let upstream: [String: String]
    /// Non-key facts the body needs (e.g. the dataset path for preprocess); never hashed.
    public let locals: [String: String]
    /// The first experiment variant that planned it (others may share it through the key).
    public let experiment: Experiment
    /// SHA-256 of the canonical encoding of kind, version, fields and upstream keys.
    public let key: String

    /// Computes the key from the stage's inputs.
    public init(kind: String, label: String, version: Int, fields: [String: CanonicalValue],
                upstream: [String: String], locals: [String: String] = [:], experiment: Experiment) {
        self.kind = kind
        self.label = label
        self.version = version
        self.fields = fields
        self.upstream = upstream
        self.locals = locals
        self.experiment = experiment
        self.key = SHA256.hex(Self.keyMaterial(kind: kind, version: version, fields: fields, upstream: upstream))
    }

    /// The exact text hashed into the key.
    static func keyMaterial(kind: String, version: Int, fields: [String: CanonicalValue], upstream: [String: String]) -> String {
        CanonicalValue.object(["kind": .string(kind), "version": .int(version), "fields": .object(fields),
                               "upstream": .object(upstream.mapValues { .string($0) })]).encoded
    }
}

/// The stages of one experiment variant, by label, plus which of them are its outputs.
public struct VariantPlan: Sendable {
    /// The variant.
    public let experiment: Experiment
    /// Stage label → key, for this variant's stages.
    public let stages: [(label: String, key: String)]
}

/// The deduplicated stage graph of one or more experiment files: stages shared by sweep
/// variants or files (same key) appear once.
public struct StageGraph: Sendable {
    /// Every distinct stage by key.
    public private(set) var nodes: [String: PlannedStage] = [:]
    /// Insertion order of keys, upstream before downstream (a topological order).
    public private(set) var order: [String] = []
    /// Per experiment file (in the order given): its variants' stage lists.
    public private(set) var variants: [VariantPlan] = []
    /// Per experiment file name: the key of its report stage, if it has one.
    public private(set) var reports: [String: String] = [:]

    /// Adds `stage` unless a stage with its key exists; returns the key.
    @discardableResult
    mutating func add(_ stage: PlannedStage) -> String {
        precondition(stage.upstream.values.allSatisfy { nodes[$0] != nil }, "upstream stages are added first")
        if nodes[stage.key] == nil {
            nodes[stage.key] = stage
            order.append(stage.key)
        }
        return stage.key
    }

    mutating func addVariant(_ plan: VariantPlan) { variants.append(plan) }
    mutating func setReport(file: String, key: String) { reports[file] = key }

    /// Stages in an order where every stage follows its upstream stages.
    public var ordered: [PlannedStage] { order.map { nodes[$0]! } }

    /// Keys of `key` and everything it depends on.
    public func closure(of key: String) -> Set<String> {
        var seen = Set<String>(), stack = [key]
        while let k = stack.popLast() {
            guard seen.insert(k).inserted, let n = nodes[k] else { continue }
            stack.append(contentsOf: n.upstream.values)
        }
        return seen
    }

    /// Keys of stages downstream of `key` (not including it).
    public func downstream(of key: String) -> Set<String> {
        var out = Set<String>()
        for k in order where nodes[k]!.upstream.values.contains(where: { $0 == key || out.contains($0) }) {
            out.insert(k)
        }
        return out
    }
}
