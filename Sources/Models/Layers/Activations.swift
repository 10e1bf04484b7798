import TensorCore

/// max(x, 0), elementwise.
public struct ReLU: Layer {
    /// The parameter-free ReLU.
    public init() {}
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable { relu(x) }
}

/// Zeroes each element with probability `p` in training mode, scaling survivors by 1/(1−p).
public struct Dropout: Layer {
    /// Drop probability.
    public let p: Float
    /// Dropout with drop probability `p`.
    public init(_ p: Float) {
        require(p >= 0 && p < 1, "Dropout: p must be in [0, 1), got \(p)")
        self.p = p
    }
    public var namedVariables: [NamedVariable] { [] }
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        dropout(x, p: p, training: ctx.training, rng: &ctx.rng)
    }
}
