import TensorCore

/// Multi-layer unidirectional LSTM over batch-first [batch, time, features] sequences, with
/// PyTorch's parameter names (`weight_ih_l0`, …), layout (gates i, f, g, o) and default init.
public struct LSTM: Layer {
    /// Per layer: weight_ih [4H, I], weight_hh [4H, H], bias_ih [4H], bias_hh [4H].
    public let layers: [RecurrentLayerParameters]
    /// Hidden (and output) size H.
    public let hiddenSize: Int

    /// An LSTM with U(±1/√H) initial weights and biases, like PyTorch.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int, rng: inout SeededGenerator) {
        layers = .pytorchDefault(gates: 4, inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, rng: &rng)
        self.hiddenSize = hiddenSize
    }

    public var namedVariables: [NamedVariable] { layers.namedVariables }

    /// The top layer's output at every step, [batch, time, H].
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        lstm(x, layers: layers).output
    }
}
