import TensorCore

/// Affine map of the last axis with PyTorch's weight layout [out, in].
public struct Linear: Layer {
    /// Weights, [outFeatures, inFeatures].
    public let weight: Variable
    /// Bias, [outFeatures], when the layer has one.
    public let bias: Variable?

    /// A linear layer with the given initial tensors.
    public init(weight: Tensor, bias: Tensor?) {
        require(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
        require(bias == nil || bias!.shape == [weight.shape[0]],
                     "Linear: bias shape \(bias!.shape) does not match \(weight.shape[0]) outputs")
        self.weight = Variable(weight, requiresGrad: true)
        self.bias = bias.map { Variable($0, requiresGrad: true) }
    }

    /// A linear layer initialised as `initializer` says (PyTorch's default unless stated).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, initializer: WeightInit = .pytorchDefault,
                rng: inout SeededGenerator) {
        let (w, b) = initializer.make(shape: [outFeatures, inFeatures], fanIn: inFeatures, bias: bias, rng: &rng)
        self.init(weight: w, bias: b)
    }

    public var namedVariables: [NamedVariable] {
        [NamedVariable("weight", weight, .parameter)] + (bias.map { [NamedVariable("bias", $0, .parameter)] } ?? [])
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        linear(x, weight, bias)
    }
}
