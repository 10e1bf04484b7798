/// Downstream evaluation on PTB-XL (`eval.py` and the CPC finetuning flags), reference defaults.
public struct EvaluationSpec: Sendable, Equatable {
    /// Batch size (`--batch_size`, 128 as the README passes).
    public let batchSize: Int
    /// Start from the pretrained encoder (`--use_pretrained`); false = random-init baseline.
    public let usePretrained: Bool
    /// Finetuning of all parameters (`--f_epochs`, optionally after `--l_epochs` head-only epochs);
    /// nil when disabled.
    public let finetune: FinetuneSpec?
    /// Linear evaluation on the frozen encoder (`--linear_evaluation --l_epochs`); nil when disabled.
    public let linearEval: LinearEvalSpec?
    /// The classification head.
    public let head: HeadSpec
    /// Label-efficiency runs: train on folds 1...k for each k (`--folds k`).
    public let labelEfficiency: [Int]
    /// Noise-robustness runs: val/test corrupted at these levels (`--test_noised --noise_level L`).
    public let noiseLevels: [Int]
    /// Bootstrap resamples of the test records for 95 % confidence intervals (0 = none).
    public let bootstrap: Int
    /// Evaluation window length in samples.
    public let windowSize: Int
    /// Stride between evaluation windows.
    public let windowStride: Int

    /// The fields every evaluation stage depends on.
    public var common: CanonicalValue {
        .object(["batch_size": .int(batchSize), "use_pretrained": .bool(usePretrained), "head": head.canonical,
                 "window_size": .int(windowSize), "window_stride": .int(windowStride)])
    }

    static func decode(_ n: SpecNode?, method: Method, trainFolds: Int) throws -> EvaluationSpec {
        let m = try n?.mapping()
        func field<T>(_ key: String, _ fallback: T, _ decode: (SpecNode) throws -> T) throws -> T {
            try m?.value(key, default: fallback, decode) ?? fallback
        }
        /// An error at `key` (or the block) of the evaluation mapping, which may be absent.
        func fail(_ key: String?, _ message: String) -> SpecError {
            if let m { return key.map { m.error(at: $0, message) } ?? m.owner.error(message) }
            return SpecError(nil, path: key.map { "evaluation.\($0)" } ?? "evaluation", message)
        }
        let batchSize = try field("batch_size", 128) { try $0.int(in: 1...1_000_000) }
        let usePretrained = try field("use_pretrained", method.pretrains) { try $0.bool() }
        let finetune = try field("finetune", FinetuneSpec.defaults(method)) { try FinetuneSpec.decode($0, method: method) }
        let linear = try field("linear_eval", LinearEvalSpec.defaults(method, batchSize: batchSize)) {
            try LinearEvalSpec.decode($0, method: method, batchSize: batchSize)
        }
        let head = try field("head", HeadSpec.defaults(method)) { try HeadSpec.decode($0, method: method) }
        let labelEfficiency = try field("label_efficiency", []) { v in
            try Self.distinct(v, try v.list { try $0.int(in: 1...8) })
        }
        let noise = try field("noise_levels", []) { v in try Self.distinct(v, try v.list { try $0.int(in: 1...6) }) }
        let bootstrap = try field("bootstrap", 1000) { try $0.int(in: 0...1_000_000) }
        let windowSize = try field("window_size", 250) { try $0.int(in: 16...1_000_000) }
        let windowStride = try field("window_stride", 125) { try $0.int(in: 1...1_000_000) }
        try m?.finish()
        if usePretrained && !method.pretrains {
            throw fail("use_pretrained", "method supervised has no pretrained encoder")
        }
        if finetune == nil && linear == nil {
            throw fail(nil, "enable at least one of finetune and linear_eval")
        }
        if method == .supervised && finetune == nil && linear != nil {
            throw fail("finetune", "method supervised evaluates linearly by retraining the head of its finetuned model; keep finetune enabled")
        }
        if let k = labelEfficiency.first(where: { $0 > trainFolds }) {
            throw fail("label_efficiency", "\(k) folds exceed data.train_folds \(trainFolds)")
        }
        return EvaluationSpec(batchSize: batchSize, usePretrained: usePretrained, finetune: finetune,
                              linearEval: linear, head: head, labelEfficiency: labelEfficiency, noiseLevels: noise,
                              bootstrap: bootstrap, windowSize: windowSize, windowStride: windowStride)
    }

    private static func distinct(_ n: SpecNode, _ values: [Int]) throws -> [Int] {
        guard Set(values).count == values.count else { throw n.error("lists a value twice: \(values)") }
        return values
    }
}

/// Finetuning: optional head-only epochs first, then all parameters.
public struct FinetuneSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Full-network epochs (`--f_epochs`).
    public internal(set) var epochs: Int
    /// Learning rate of the full finetuning (the head's, with discriminative rates).
    public internal(set) var lr: Double
    /// AdamW weight decay.
    public internal(set) var weightDecay: Double
    /// Head-only epochs run first (`--l_epochs` chained, CPC's `--train-head-only` step).
    public internal(set) var headEpochs: Int
    /// Learning rate of the head-only epochs.
    public internal(set) var headLr: Double
    /// Lower learning rates for deeper layer groups (`--discriminative_lr`).
    public internal(set) var discriminativeLr: Bool
    /// Factor between consecutive layer groups (`--discriminative-lr-factor`).
    public internal(set) var discriminativeLrFactor: Double
    /// Stop each phase once the validation macro AUC has not gained 0.001 for
    /// max(10, 10 % of the phase's epochs) epochs; the epoch counts become caps.
    public internal(set) var earlyStopping: Bool

    static func defaults(_ method: Method) -> FinetuneSpec? {
        if method == .cpc {
            return FinetuneSpec(epochs: 20, lr: 1e-4, weightDecay: 1e-3, headEpochs: 50, headLr: 1e-3,
                                discriminativeLr: true, discriminativeLrFactor: 0.1, earlyStopping: true)
        }
        return FinetuneSpec(epochs: 50, lr: 0.01, weightDecay: 0.1, headEpochs: 0, headLr: 4e-3,
                            discriminativeLr: false, discriminativeLrFactor: 0.25, earlyStopping: true)
    }

    public var canonical: CanonicalValue {
        .object(["epochs": .int(epochs), "lr": .double(lr), "weight_decay": .double(weightDecay),
                 "head_epochs": .int(headEpochs), "head_lr": .double(headLr),
                 "discriminative_lr": .bool(discriminativeLr), "discriminative_lr_factor": .double(discriminativeLrFactor),
                 "early_stopping": .bool(earlyStopping)])
    }

    static func decode(_ n: SpecNode, method: Method) throws -> FinetuneSpec? {
        if case .scalar = n.node { return try n.bool() ? defaults(method) : nil }
        let m = try n.mapping()
        guard var f = defaults(method) else { return nil }
        let enabled = try m.value("enabled", default: true) { try $0.bool() }
        f.epochs = try m.value("epochs", default: f.epochs) { try $0.int(in: 1...1_000_000) }
        f.lr = try m.value("lr", default: f.lr) { try $0.double(in: .positive) }
        f.weightDecay = try m.value("weight_decay", default: f.weightDecay) { try $0.double(in: .nonNegative) }
        f.headEpochs = try m.value("head_epochs", default: f.headEpochs) { try $0.int(in: 0...1_000_000) }
        f.headLr = try m.value("head_lr", default: f.headLr) { try $0.double(in: .positive) }
        f.discriminativeLr = try m.value("discriminative_lr", default: f.discriminativeLr) { try $0.bool() }
        f.discriminativeLrFactor = try m.value("discriminative_lr_factor", default: f.discriminativeLrFactor) {
            try $0.double(in: NumericRange(low: 0, high: 1, lowOpen: true))
        }
        f.earlyStopping = try m.value("early_stopping", default: f.earlyStopping) { try $0.bool() }
        try m.finish()
        return enabled ? f : nil
    }
}

/// Linear evaluation: a fresh linear head on the frozen encoder (BN statistics frozen too).
public struct LinearEvalSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Epochs (`--l_epochs`).
    public internal(set) var epochs: Int
    /// AdamW learning rate (reference: 8e-3 · batch / 256).
    public internal(set) var lr: Double
    /// AdamW weight decay.
    public internal(set) var weightDecay: Double
    /// Early stopping as for finetuning.
    public internal(set) var earlyStopping: Bool
    /// The frozen encoder's features are computed once, for training windows starting every
    /// this many samples (the random crop of each epoch picks one of them per record).
    public internal(set) var featureStride: Int

    static func defaults(_ method: Method, batchSize: Int) -> LinearEvalSpec? {
        if method == .cpc { return LinearEvalSpec(epochs: 50, lr: 1e-3, weightDecay: 1e-3, earlyStopping: true, featureStride: 25) }
        return LinearEvalSpec(epochs: 50, lr: 8e-3 * Double(batchSize) / 256, weightDecay: 0.1, earlyStopping: true,
                              featureStride: 25)
    }

    public var canonical: CanonicalValue {
        .object(["epochs": .int(epochs), "lr": .double(lr), "weight_decay": .double(weightDecay),
                 "early_stopping": .bool(earlyStopping), "feature_stride": .int(featureStride)])
    }

    static func decode(_ n: SpecNode, method: Method, batchSize: Int) throws -> LinearEvalSpec? {
        if case .scalar = n.node { return try n.bool() ? defaults(method, batchSize: batchSize) : nil }
        let m = try n.mapping()
        guard var l = defaults(method, batchSize: batchSize) else { return nil }
        let enabled = try m.value("enabled", default: true) { try $0.bool() }
        l.epochs = try m.value("epochs", default: l.epochs) { try $0.int(in: 1...1_000_000) }
        l.lr = try m.value("lr", default: l.lr) { try $0.double(in: .positive) }
        l.weightDecay = try m.value("weight_decay", default: l.weightDecay) { try $0.double(in: .nonNegative) }
        l.earlyStopping = try m.value("early_stopping", default: l.earlyStopping) { try $0.bool() }
        l.featureStride = try m.value("feature_stride", default: l.featureStride) { try $0.int(in: 1...100_000) }
        try m.finish()
        return enabled ? l : nil
    }
}

/// The classification head put on the encoder for evaluation.
public struct HeadSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Hidden layer sizes (`--hidden` / `--lin-ftrs-head`); empty = a single linear layer.
    public internal(set) var hidden: [Int]
    /// Dropout before each linear layer (`--ps_head` / `--dropout-head`).
    public internal(set) var dropout: Double
    /// BatchNorm before each linear layer (`--bn_head`; off with `--no-bn-head`).
    public internal(set) var batchNorm: Bool

    static func defaults(_ method: Method) -> HeadSpec {
        method == .cpc ? HeadSpec(hidden: [512], dropout: 0.5, batchNorm: true)
                       : HeadSpec(hidden: [], dropout: 0, batchNorm: false)
    }

    public var canonical: CanonicalValue {
        .object(["hidden": hidden.canonical, "dropout": .double(dropout), "bn": .bool(batchNorm)])
    }

    static func decode(_ n: SpecNode, method: Method) throws -> HeadSpec {
        let m = try n.mapping()
        var h = defaults(method)
        h.hidden = try m.value("hidden", default: h.hidden) { try $0.list { try $0.int(in: 1...65_536) } }
        h.dropout = try m.value("dropout", default: h.dropout) { try $0.double(in: NumericRange(low: 0, high: 1, highOpen: true)) }
        h.batchNorm = try m.value("bn", default: h.batchNorm) { try $0.bool() }
        try m.finish()
        if method != .cpc {
            // Refused rather than ignored: the reference has no xresnet head with these.
            if h.dropout != 0, let d = m.node("dropout") {
                throw d.error("eval.py parses --ps_head but never passes it to the xresnet model, so its head has no dropout; only the cpc head takes dropout")
            }
            if h.batchNorm, let b = m.node("bn") {
                throw b.error("eval.py parses --bn_head but never passes it to the xresnet model, so its head has no BatchNorm; only the cpc head takes bn")
            }
        }
        return h
    }
}
