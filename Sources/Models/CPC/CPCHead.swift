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
        return makeCPCHead(inputFeatures: inputFeatures, hidden: [hidden], dropout: 0.5, batchNorm: true, classes: classes, rng: &rng)
    case .linear:
        return makeCPCHead(inputFeatures: inputFeatures, hidden: [], dropout: 0, batchNorm: false, classes: classes, rng: &rng)
    }
}

/// The reference CPCModel's head for any `--lin-ftrs-head` / `--dropout-head` / `--no-bn-head`:
/// for the sizes [inputFeatures] + hidden + [classes], each linear layer is preceded by
/// BatchNorm (when `batchNorm`) and Dropout (when its p > 0; p = `dropout` before the last linear
/// layer, `dropout` / 2 before the others) and followed by ReLU except the last; numbered as the
/// reference's nn.Sequential, so omitted layers shift the names as they do there.
public func makeCPCHead(inputFeatures: Int, hidden: [Int], dropout: Float, batchNorm: Bool, classes: Int,
                        rng: inout SeededGenerator) -> Sequential {
    let sizes = [inputFeatures] + hidden + [classes]
    var layers: [any Layer] = []
    for i in 0..<(sizes.count - 1) {
        let last = i == sizes.count - 2
        let p = last ? dropout : dropout / 2
        if batchNorm { layers.append(BatchNorm1d(sizes[i])) }
        if p > 0 { layers.append(Dropout(p)) }
        layers.append(Linear(sizes[i], sizes[i + 1], rng: &rng))
        if !last { layers.append(ReLU()) }
    }
    return Sequential(layers)
}
