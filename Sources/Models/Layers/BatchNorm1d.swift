import TensorCore

/// Batch normalisation over the channel axis of [batch, channels] or [batch, channels, time],
/// with PyTorch's running statistics (momentum 0.1, eps 1e-5) and `num_batches_tracked`.
public struct BatchNorm1d: Layer {
    /// Scale γ, [channels].
    public let weight: Variable
    /// Shift β, [channels].
    public let bias: Variable
    /// Running mean used in evaluation mode.
    public let runningMean: Variable
    /// Running (unbiased) variance used in evaluation mode.
    public let runningVar: Variable
    /// Number of training-mode batches seen (PyTorch keeps it; saved for state-dict compatibility).
    public let numBatchesTracked: Variable
    /// Weight of the newest batch in the running statistics.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let eps: Float
    /// Whether a ReLU follows in the same pass (fastai's ConvLayer), bitwise as a separate ReLU.
    public let thenReLU: Bool

    /// A BatchNorm with γ = `weightInit`, β = `biasInit` (xresnet uses 1 or 0, and 1e-3).
    public init(_ channels: Int, weightInit: Float = 1, biasInit: Float = 0, momentum: Float = 0.1, eps: Float = 1e-5,
                thenReLU: Bool = false) {
        weight = Variable(Tensor(repeating: weightInit, shape: [channels]), requiresGrad: true)
        bias = Variable(Tensor(repeating: biasInit, shape: [channels]), requiresGrad: true)
        runningMean = Variable(Tensor.zeros([channels]))
        runningVar = Variable(Tensor(repeating: 1, shape: [channels]))
        numBatchesTracked = Variable(Tensor.zeros([]))
        self.momentum = momentum
        self.eps = eps
        self.thenReLU = thenReLU
    }

    public var namedVariables: [NamedVariable] {
        [NamedVariable("weight", weight, .parameter), NamedVariable("bias", bias, .parameter),
         NamedVariable("running_mean", runningMean, .buffer), NamedVariable("running_var", runningVar, .buffer),
         NamedVariable("num_batches_tracked", numBatchesTracked, .counter)]
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        if ctx.training { numBatchesTracked.value = Tensor(numBatchesTracked.value.scalars[0] + 1) }
        return batchNorm1d(x, weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
                           training: ctx.training, momentum: momentum, eps: eps, thenReLU: thenReLU)
    }
}
