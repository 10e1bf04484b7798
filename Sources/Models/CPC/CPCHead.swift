import TensorCore

/// AdaptiveConcatPoolRNN: [B, T, H] → [B, 3H] = [mean over time ‖ max over time ‖ last step].
public struct ConcatPoolRNN: Layer {
    /// The parameter-free pooling.
    public init() {}
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        let (t, h) = (x.shape[1], x.shape[2])
        // adaptiveConcatPool1d gives [max ‖ mean] over the last axis of [B, H, T].
        let pooled = adaptiveConcatPool1d(transpose(x, 1, 2))
        let maxPart = slice(pooled, axis: 1, range: 0..<h)
        let meanPart = slice(pooled, axis: 1, range: h..<(2 * h))
        let last = reshape(slice(x, axis: 1, range: (t - 1)..<t), [x.shape[0], h])
        return concat([meanPart, maxPart, last], axis: 1)
    }
}

/// The CPC downstream heads on the pooled 3·512 context features (docs/method.md §3.2).
public enum CPCHeadKind: String, CaseIterable, Sendable {
    /// BN(1536) → Dropout(0.25) → Linear(1536, 512) → ReLU → BN(512) → Dropout(0.5) → Linear(512, classes).
    case finetune
    /// Linear(1536, classes) only (`--linear-eval`).
    case linear
}

/// Builds a CPC head (`head.0.weight`, … as fastai's create_head1d numbers them), PyTorch-default init.
public func makeCPCHead(kind: CPCHeadKind, inputFeatures: Int = 1536, hidden: Int = 512, classes: Int,
                        rng: inout SeededGenerator) -> Sequential {
    switch kind {
    case .finetune:
        return Sequential([
            BatchNorm1d(inputFeatures), Dropout(0.25), Linear(inputFeatures, hidden, rng: &rng), ReLU(),
            BatchNorm1d(hidden), Dropout(0.5), Linear(hidden, classes, rng: &rng),
        ])
    case .linear:
        return Sequential([Linear(inputFeatures, classes, rng: &rng)])
    }
}
