import TensorCore

/// Optimizer and learning-rate schedule of a training run (docs/method.md §3.7 gives each method's values).
public struct OptimizerSettings: Sendable, Equatable, Codable {
    /// Adam with L2 penalty, or AdamW with decoupled decay.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case adam, adamw
    }

    /// Which update rule.
    public var kind: Kind
    /// Peak learning rate.
    public var learningRate: Float
    /// Weight decay (L2 for Adam, decoupled for AdamW).
    public var weightDecay: Float
    /// Whether parameters named `*.bias` are decayed too (the bolts SimCLR excludes them).
    public var decayBiases: Bool
    /// Steps of linear warmup from 0 (with `cosine`).
    public var warmupSteps: Int
    /// Cosine decay to 0 at the last step after the warmup; constant rate when false.
    public var cosine: Bool

    /// Settings from their parts.
    public init(kind: Kind, learningRate: Float, weightDecay: Float, decayBiases: Bool = true, warmupSteps: Int = 0,
                cosine: Bool = false) {
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.decayBiases = decayBiases
        self.warmupSteps = warmupSteps
        self.cosine = cosine
    }

    /// The optimizer over `parameters` (kind `.parameter` only); biases form their own undecayed
    /// group when `decayBiases` is false. Groups keep state-dict order, so optimizer state names are stable.
    public func makeOptimizer(_ parameters: [NamedVariable]) -> Adam {
        let trainable = parameters.filter { $0.kind == .parameter }
        var groups: [ParameterGroup]
        if decayBiases {
            groups = [ParameterGroup(trainable.map(\.variable), lr: learningRate, weightDecay: weightDecay)]
        } else {
            let isBias: (NamedVariable) -> Bool = { $0.name.hasSuffix(".bias") || $0.name == "bias" }
            groups = [ParameterGroup(trainable.filter { !isBias($0) }.map(\.variable), lr: learningRate, weightDecay: weightDecay),
                      ParameterGroup(trainable.filter(isBias).map(\.variable), lr: learningRate, weightDecay: 0)]
        }
        return kind == .adamw ? AdamW(groups) : Adam(groups)
    }

    /// The per-step learning-rate factor for a run of `totalSteps`.
    public func makeSchedule(totalSteps: Int) -> any LearningRateSchedule {
        cosine ? WarmupCosineSchedule(warmupSteps: warmupSteps, totalSteps: max(totalSteps, warmupSteps + 1)) : ConstantSchedule()
    }
}
