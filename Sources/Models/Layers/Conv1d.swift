import TensorCore

/// 1-D convolution over [batch, channels, time] with PyTorch's weight layout [out, in, kernel].
public struct Conv1d: Layer {
    /// Kernel, [outChannels, inChannels, kernelSize].
    public let weight: Variable
    /// Per-output-channel bias, when the layer has one.
    public let bias: Variable?
    /// Step between output positions.
    public let stride: Int
    /// Zeros added at both ends of the time axis.
    public let padding: Int

    /// A convolution with the given initial weight (and bias) tensors.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) {
        require(weight.rank == 3, "Conv1d: weight must be [out, in, kernel], got \(weight.shape)")
        require(bias == nil || bias!.shape == [weight.shape[0]],
                     "Conv1d: bias shape \(bias!.shape) does not match \(weight.shape[0]) output channels")
        self.weight = Variable(weight, requiresGrad: true)
        self.bias = bias.map { Variable($0, requiresGrad: true) }
        self.stride = stride
        self.padding = padding
    }

    /// A convolution initialised as `init` says.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool, initializer: WeightInit, rng: inout SeededGenerator) {
        let (w, b) = initializer.make(shape: [outChannels, inChannels, kernelSize], fanIn: inChannels * kernelSize,
                                      bias: bias, rng: &rng)
        self.init(weight: w, bias: b, stride: stride, padding: padding)
    }

    public var namedVariables: [NamedVariable] {
        [NamedVariable("weight", weight, .parameter)] + (bias.map { [NamedVariable("bias", $0, .parameter)] } ?? [])
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        conv1d(x, weight, bias: bias, stride: stride, padding: padding)
    }
}
