import ExperimentSpec

/// One planned stage: its kind, the typed inputs it reads, its upstream entries and its key.
public struct PlannedStage: Sendable {
    /// Stage type.
    public let kind: StageKind
    /// Readable name within its experiment variant, e.g. `finetune[folds=2]`; display only.
    public let label: String
    /// Implementation version (part of the key).
    public let version: Int
    /// Everything the body reads besides upstream artifacts (the key material).
    public let inputs: any StageInputs
    /// Upstream stage keys by role.
    public let upstream: [InputRole: String]
    /// How the run paces itself (checkpoint and log cadence, threads); never keyed.
    public let runtime: RuntimeSpec
    /// The experiment file and name that first planned it, for manifests; never keyed.
    public let origin: String
    /// SHA-256 of the canonical encoding of kind, version, inputs and upstream keys.
    public let key: String

    /// Computes the key from the stage's inputs.
    public init(label: String, version: Int, inputs: any StageInputs, upstream: [InputRole: String],
                runtime: RuntimeSpec = .defaults, origin: String = "") {
        self.kind = type(of: inputs).kind
        self.label = label
        self.version = version
        self.inputs = inputs
        self.upstream = upstream
        self.runtime = runtime
        self.origin = origin
        self.key = SHA256.hex(Self.keyMaterial(kind: kind, version: version, fields: inputs.canonical.flattened(),
                                               upstream: upstream))
    }

    /// The inputs by dotted field path, canonical (what manifests record and `explain` compares).
    public var fields: [String: CanonicalValue] { inputs.canonical.flattened() }

    /// Upstream keys by role name, as manifests record them.
    public var upstreamByName: [String: String] {
        Dictionary(uniqueKeysWithValues: upstream.map { ($0.key.name, $0.value) })
    }

    /// The exact text hashed into the key.
    static func keyMaterial(kind: StageKind, version: Int, fields: [String: CanonicalValue],
                            upstream: [InputRole: String]) -> String {
        CanonicalValue.object(["kind": .string(kind.rawValue), "version": .int(version), "fields": .object(fields),
                               "upstream": .object(Dictionary(uniqueKeysWithValues: upstream.map { ($0.key.name, .string($0.value)) }))]).encoded
    }
}

/// The stages of one experiment variant, by label, plus which of them are its outputs.
public struct VariantPlan: Sendable {
    /// The variant.
    public let experiment: Experiment
    /// Stage label → key, for this variant's stages.
    public let stages: [(label: String, key: String)]
    /// The variant's name: its sweep coordinates by canonical value, "" without a sweep.
    public let variant: String
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
