/// One fully resolved experiment (one sweep point of an experiment file): typed, validated,
/// defaults filled in, immutable.
public struct Experiment: Sendable, Equatable {
    /// The file it came from, as named by the user.
    public let file: String
    /// Experiment name (`name:`, default the file's base name); names `runs/<name>/`. Cosmetic.
    public let name: String
    /// Sweep coordinates of this variant (path → value as written), empty without a sweep.
    public let coordinates: [SweepCoordinate]
    /// Seed every stage's generator derives from.
    public let seed: Int
    /// Training and evaluation; nil for a self-test-only experiment.
    public let training: TrainingSpec?
    /// The runner self-test workload, if requested.
    public let selfTest: SelfTestSpec?
    /// Cosmetic settings.
    public let runtime: RuntimeSpec

    /// A short, filesystem-safe label of the sweep point (`pretrain.lr=0.001,...`), "" without a sweep.
    public var variantLabel: String {
        coordinates.map { "\($0.path)=\($0.value)" }.joined(separator: ",")
    }
}

/// One field fixed by a sweep: its path and the value as written in YAML flow style.
public struct SweepCoordinate: Sendable, Equatable {
    /// Field path, e.g. `pretrain.trafos`.
    public let path: String
    /// The value in YAML flow style, e.g. `[RRC, TO]`.
    public let value: String
}

/// What is trained and how it is evaluated.
public struct TrainingSpec: Sendable, Equatable {
    /// Training method.
    public let method: Method
    /// Data sources, labels, folds.
    public let data: DataSpec
    /// Encoder architecture.
    public let model: ModelSpec
    /// Pretraining settings; nil for the supervised method.
    public let pretrain: PretrainSpec?
    /// Downstream evaluation.
    public let evaluation: EvaluationSpec
}

extension Experiment {
    static func decode(_ root: SpecNode, fileName: String, coordinates: [SweepCoordinate]) throws -> Experiment {
        let m = try root.mapping()
        let defaultName = String(fileName.split(separator: "/").last ?? Substring(fileName))
            .replacingOccurrences(of: ".yaml", with: "").replacingOccurrences(of: ".yml", with: "")
        let name = try m.value("name", default: defaultName) { v -> String in
            let s = try v.string()
            guard !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !s.hasPrefix(".") else {
                throw v.error("name '\(s)' must be letters, digits, '-', '_' or '.' (it names a folder)")
            }
            return s
        }
        let seed = try m.value("seed", default: 0) { try $0.int(in: 0...Int.max) }
        let method = try m.optional("method") { try $0.choice(Method.self, what: "method") }
        var training: TrainingSpec?
        if let method {
            let data = try m.required("data") { try DataSpec.decode($0, method: method) }
            let model = try ModelSpec.decode(try m.optional("model") { $0 }, method: method)
            let pretrainNode = try m.optional("pretrain") { $0 }
            if !method.pretrains, let p = pretrainNode {
                throw p.error("method supervised has no pretraining (it trains in evaluation.finetune)")
            }
            let pretrain = method.pretrains ? try PretrainSpec.decode(pretrainNode, method: method) : nil
            let evaluation = try EvaluationSpec.decode(try m.optional("evaluation") { $0 }, method: method,
                                                       trainFolds: data.trainFolds)
            try model.checkPretrainable(try m.optional("model") { $0 }, usePretrained: evaluation.usePretrained)
            training = TrainingSpec(method: method, data: data, model: model, pretrain: pretrain, evaluation: evaluation)
        } else {
            for key in ["data", "model", "pretrain", "evaluation"] {
                if let n = try m.optional(key, { $0 }) { throw n.error("needs a 'method' to apply to") }
            }
        }
        let selfTest = try m.optional("selftest") { try SelfTestSpec.decode($0) }
        let runtime = try RuntimeSpec.decode(try m.optional("runtime") { $0 })
        try m.finish()
        if training == nil && selfTest == nil { throw root.error("missing required field 'method'") }
        return Experiment(file: fileName, name: name, coordinates: coordinates, seed: seed, training: training,
                          selfTest: selfTest, runtime: runtime)
    }
}
