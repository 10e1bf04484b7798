import TensorCore

/// Multi-layer unidirectional LSTM over batch-first [batch, time, features] sequences, with
/// PyTorch's parameter names (`weight_ih_l0`, …), layout (gates i, f, g, o) and default init.
public struct LSTM: Layer {
    /// Per layer: weight_ih [4H, I], weight_hh [4H, H], bias_ih [4H], bias_hh [4H].
    public let layers: [LSTMLayerParameters]
    /// Hidden (and output) size H.
    public let hiddenSize: Int

    /// An LSTM with U(±1/√H) initial weights and biases, like PyTorch.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int, rng: inout SeededGenerator) {
        let bound = Float(1 / Double(hiddenSize).squareRoot())
        func draw(_ shape: [Int]) -> Variable {
            Variable(Tensor.uniform(shape, low: -bound, high: bound, using: &rng), requiresGrad: true)
        }
        layers = (0..<layerCount).map { l in
            LSTMLayerParameters(weightIH: draw([4 * hiddenSize, l == 0 ? inputSize : hiddenSize]),
                                weightHH: draw([4 * hiddenSize, hiddenSize]),
                                biasIH: draw([4 * hiddenSize]), biasHH: draw([4 * hiddenSize]))
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
        lstm(x, layers: layers).output
    }
}
