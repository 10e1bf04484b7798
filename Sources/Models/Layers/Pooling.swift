import TensorCore

/// Max pooling over time with PyTorch semantics (implicit −∞ padding).
public struct MaxPool1d: Layer {
    /// Window length, step and padding.
    public let kernelSize: Int, stride: Int, padding: Int
    /// A max pool with the given window.
    public init(kernelSize: Int, stride: Int, padding: Int = 0) {
        self.kernelSize = kernelSize; self.stride = stride; self.padding = padding
    }
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        maxPool1d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// Average pooling over time (kernel = stride), rounding the output length up like `ceil_mode=True`.
public struct AvgPool1d: Layer {
    /// Window length (and step).
    public let kernelSize: Int
    /// An average pool with window and step `kernelSize`.
    public init(kernelSize: Int) { self.kernelSize = kernelSize }
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        avgPool1d(x, kernel: kernelSize, stride: kernelSize, ceilMode: true)
    }
}

/// [batch, channels, time] → [batch, 2·channels]: max over time followed by mean over time.
public struct AdaptiveConcatPool1d: Layer {
    /// The parameter-free concat pool.
    public init() {}
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        adaptiveConcatPool1d(x)
    }
}
