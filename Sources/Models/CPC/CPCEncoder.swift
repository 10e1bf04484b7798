import TensorCore

/// The CPC encoder's two forms (docs/method.md §3.3): a per-timestep MLP (`--fc-encoder`) or strided convs.
public enum CPCEncoderKind: String, CaseIterable, Sendable {
    /// 4 × [1×1 conv 512 (no bias) → BN → ReLU]: one token per input sample.
    case fullyConnected = "fc"
    /// 4 × [conv k 10/4/4/4, stride 2 → BN → ReLU]: downsamples time ~16×.
    case strided

    /// Kernel size of each of the four convs.
    public var kernels: [Int] { self == .fullyConnected ? [1, 1, 1, 1] : [10, 4, 4, 4] }
    var strides: [Int] { self == .fullyConnected ? [1, 1, 1, 1] : [2, 2, 2, 2] }
}

/// Builds the CPC encoder: `Sequential` of `[Conv1d, BatchNorm1d+ReLU]` blocks named like the
/// reference (`encoder.0.0.weight`, `encoder.0.1.running_mean`, …), PyTorch-default init. Without
/// `batchNorm` (`--no-bn-encoder`) each block is `[Conv1d with bias, ReLU]`, as the reference's
/// `_conv1d(bn=False)` builds it (`encoder.0.0.bias`, no `encoder.0.1.*`).
public func makeCPCEncoder(kind: CPCEncoderKind, inputChannels: Int = 12, features: Int = 512, batchNorm: Bool = true,
                           rng: inout SeededGenerator) -> Sequential {
    var blocks: [any Layer] = []
    var channels = inputChannels
    for (k, s) in zip(kind.kernels, kind.strides) {
        let conv = Conv1d(channels, features, kernelSize: k, stride: s, bias: !batchNorm, initializer: .pytorchDefault, rng: &rng)
        blocks.append(Sequential(batchNorm ? [conv, BatchNorm1d(features, thenReLU: true)] : [conv, ReLU()]))
        channels = features
    }
    return Sequential(blocks)
}
