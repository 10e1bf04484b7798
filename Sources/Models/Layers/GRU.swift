import TensorCore

/// Multi-layer unidirectional GRU over batch-first [batch, time, features] sequences, with
/// PyTorch's parameter names (`weight_ih_l0`, …), layout (gates r, z, n) and default init.
public struct GRU: Layer {
    /// Per layer: weight_ih [3H, I], weight_hh [3H, H], bias_ih [3H], bias_hh [3H].
    public let layers: [GRULayerParameters]
    /// Hidden (and output) size H.
    public let hiddenSize: Int

    /// A GRU with U(±1/√H) initial weights and biases, like PyTorch.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int, rng: inout SeededGenerator) {
        let bound = Float(1 / Double(hiddenSize).squareRoot())
        func draw(_ shape: [Int]) -> Variable {
            Variable(Tensor.uniform(shape, low: -bound, high: bound, using: &rng), requiresGrad: true)
        }
        layers = (0..<layerCount).map { l in
            GRULayerParameters(weightIH: draw([3 * hiddenSize, l == 0 ? inputSize : hiddenSize]),
                               weightHH: draw([3 * hiddenSize, hiddenSize]),
                               biasIH: draw([3 * hiddenSize]), biasHH: draw([3 * hiddenSize]))
        }
        self.hiddenSize = hiddenSize
    }

    public var namedVariables: [NamedVariable] {
        layers.enumerated().flatMap { (l, p) in
            [NamedVariable("weight_ih_l\(l)", p.weightIH, .parameter), NamedVariable("weight_hh_l\(l)", p.weightHH, .parameter),
             NamedVariable("bias_ih_l\(l)", p.biasIH, .parameter), NamedVariable("bias_hh_l\(l)", p.biasHH, .parameter)]
        }
    }

    /// The top layer's output at every step, [batch, time, H].
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        gru(x, layers: layers).output
    }
}
