import TensorCore

/// eval.py's classifier on the xresnet representation: Linear(F, classes), or with hidden sizes
/// Linear(F, h₁) → ReLU → … → Linear(hₖ, classes) (`--hidden` is one hidden layer of width F).
/// PyTorch-default init; eval.py never adds BatchNorm or dropout to this head. Names: `weight`,
/// `bias` without hidden layers, else `0.*`, `2.*`, … as an `nn.Sequential` numbers them.
public struct XResNetHead: Layer {
    /// The linear layers in order, a ReLU between consecutive ones.
    public let layers: [Linear]

    /// A fresh head from `inputFeatures` through `hidden` to `classes`.
    public init(inputFeatures: Int, hidden: [Int] = [], classes: Int, rng: inout SeededGenerator) {
        require(hidden.allSatisfy { $0 > 0 }, "XResNetHead: hidden sizes must be positive, got \(hidden)")
        let sizes = [inputFeatures] + hidden + [classes]
        layers = (0..<(sizes.count - 1)).map { Linear(sizes[$0], sizes[$0 + 1], rng: &rng) }
    }

    public var namedVariables: [NamedVariable] {
        // The single-layer head keeps the names it always had (`head.weight`), so existing files load.
        guard layers.count > 1 else { return layers[0].namedVariables }
        return layers.enumerated().flatMap { prefixed(String(2 * $0.offset), $0.element.namedVariables) }
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        guard layers.count > 1 else { return layers[0](x, &ctx) }
        var h = x
        for (i, layer) in layers.enumerated() {
            if i > 0 { h = relu(h) }
            h = ctx.apply(layer, named: String(2 * i), to: h)
        }
        return h
    }
}
