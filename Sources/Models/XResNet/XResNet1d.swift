import TensorCore

/// The depths of xresnet1d that exist, with their blocks per stage and block expansion.
public enum XResNetDepth: Int, CaseIterable, Sendable {
    case d18 = 18, d34 = 34, d50 = 50, d101 = 101

    /// Residual blocks in each of the four stages.
    public var blocks: [Int] {
        switch self {
        case .d18: return [2, 2, 2, 2]
        case .d34, .d50: return [3, 4, 6, 3]
        case .d101: return [3, 4, 23, 3]
        }
    }

    /// Channel multiplier of a block's output over its width (4 for bottlenecks).
    public var expansion: Int { self == .d18 || self == .d34 ? 1 : 4 }
}

/// The reference's narrow 1-D xresnet encoder (docs/method.md §3.1): stem 12→32→32→64 (k 5, the
/// first conv strided and biased, PyTorch-default init), max pool, four stages of width 64
/// (strides 1, 2, 2, 2), concat pooling → [batch, 2 · 64 · expansion] (512 for xresnet1d50).
/// `widen` scales the four stage widths to int(64 · widen) as the reference's `block_szs` does;
/// the stem and the first block's input width (64 / expansion) stay as they are.
///
/// Parameter names follow the reference's `ResNetSimCLR.features`: `features.0.0.weight`, …,
/// `features.4.0.convs.0.0.weight`, `features.4.0.idpath.0.0.weight`.
public struct XResNet1d: Layer {
    /// Stem (0–2), max pool (3), stages (4–7), concat pool (8).
    public let features: Sequential
    /// Length of the representation vector.
    public let featureCount: Int
    /// The depth this encoder was built with.
    public let depth: XResNetDepth
    /// Number of input leads.
    public let inputChannels: Int
    /// Kernel size of the stem and of the non-1×1 block convs.
    public let kernelSize: Int
    /// Stage-width multiplier (`--widen`; 1 = the reference's narrow xresnet).
    public let widen: Double

    /// A freshly initialised encoder for `inputChannels` leads.
    public init(depth: XResNetDepth, inputChannels: Int = 12, kernelSize: Int = 5, widen: Double = 1,
                rng: inout SeededGenerator) {
        let stem: [Int] = [inputChannels, 32, 32, 64]
        var layers: [any Layer] = []
        // ResNetSimCLR swaps the stem's first conv for a biased, default-initialised Conv1d.
        layers.append(Sequential([
            Conv1d(stem[0], stem[1], kernelSize: kernelSize, stride: 2, padding: (kernelSize - 1) / 2,
                   bias: true, initializer: .pytorchDefault, rng: &rng),
            BatchNorm1d(stem[1], biasInit: 1e-3, thenReLU: true),
        ]))
        for i in 1..<3 { layers.append(convLayer(stem[i], stem[i + 1], kernelSize: kernelSize, rng: &rng)) }
        layers.append(MaxPool1d(kernelSize: 3, stride: 2, padding: 1))

        let e = depth.expansion
        let width = Self.stageWidth(widen: widen)
        require(width >= 1, "XResNet1d: widen \(widen) leaves int(64 · widen) = \(width) channels per stage")
        let widths = [64 / e, width, width, width, width]
        for (stage, count) in depth.blocks.enumerated() {
            var blocks: [any Layer] = []
            for b in 0..<count {
                blocks.append(ResBlock(expansion: e, inChannels: (b == 0 ? widths[stage] : widths[stage + 1]) * e,
                                       width: widths[stage + 1], stride: b == 0 && stage > 0 ? 2 : 1,
                                       kernelSize: kernelSize, rng: &rng))
            }
            layers.append(Sequential(blocks))
        }
        layers.append(AdaptiveConcatPool1d())
        features = Sequential(layers)
        featureCount = 2 * widths[4] * e
        self.depth = depth
        self.inputChannels = inputChannels
        self.kernelSize = kernelSize
        self.widen = widen
    }

    /// Width of every stage for a multiplier: int(64 · widen), truncated like Python's int().
    public static func stageWidth(widen: Double) -> Int { Int(64 * widen) }

    public var namedVariables: [NamedVariable] { prefixed("features", features.namedVariables) }

    /// [batch, leads, time] → [batch, featureCount].
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        ctx.apply(features, named: "features", to: x)
    }
}
