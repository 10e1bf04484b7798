import TensorCore

/// The xresnet residual block: ReLU(convs(x) + idpath(x)).
///
/// `convs` is 1×1 → k (strided) → 1×1 for bottlenecks (expansion 4) or k (strided) → k for basic
/// blocks, the last BatchNorm zero-initialised so each block starts as the identity; `idpath` is
/// AvgPool(2, ceil) when strided, then a 1×1 ConvLayer without ReLU when the width changes.
public struct ResBlock: Layer {
    /// The residual branch.
    public let convs: Sequential
    /// The shortcut (empty when it is the identity).
    public let idpath: Sequential

    /// A block from `inChannels` to `width · expansion` channels.
    public init(expansion: Int, inChannels: Int, width: Int, stride: Int, kernelSize: Int, rng: inout SeededGenerator) {
        let out = width * expansion
        if expansion == 1 {
            convs = Sequential([
                convLayer(inChannels, width, kernelSize: kernelSize, stride: stride, rng: &rng),
                convLayer(width, out, kernelSize: kernelSize, activation: false, zeroBN: true, rng: &rng),
            ])
        } else {
            convs = Sequential([
                convLayer(inChannels, width, kernelSize: 1, rng: &rng),
                convLayer(width, width, kernelSize: kernelSize, stride: stride, rng: &rng),
                convLayer(width, out, kernelSize: 1, activation: false, zeroBN: true, rng: &rng),
            ])
        }
        var shortcut: [any Layer] = []
        if stride != 1 {
            require(stride == 2, "ResBlock: only stride 1 or 2 shortcuts exist, got \(stride)")
            shortcut.append(AvgPool1d(kernelSize: 2))
        }
        if inChannels != out { shortcut.append(convLayer(inChannels, out, kernelSize: 1, activation: false, rng: &rng)) }
        idpath = Sequential(shortcut)
    }

    public var namedVariables: [NamedVariable] {
        prefixed("convs", convs.namedVariables) + prefixed("idpath", idpath.namedVariables)
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        let branch = ctx.apply(convs, named: "convs", to: x)
        let shortcut = idpath.children.isEmpty ? x : ctx.apply(idpath, named: "idpath", to: x)
        return addReLU(branch, shortcut)
    }
}
