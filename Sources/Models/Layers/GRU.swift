import TensorCore

/// Multi-layer unidirectional GRU over batch-first [batch, time, features] sequences, with
/// PyTorch's parameter names (`weight_ih_l0`, …), layout (gates r, z, n) and default init.
public struct GRU: Layer {
    /// Per layer: weight_ih [3H, I], weight_hh [3H, H], bias_ih [3H], bias_hh [3H].
    public let layers: [RecurrentLayerParameters]
    /// Hidden (and output) size H.
    public let hiddenSize: Int

    /// A GRU with U(±1/√H) initial weights and biases, like PyTorch.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int, rng: inout SeededGenerator) {
        layers = .pytorchDefault(gates: 3, inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, rng: &rng)
        self.hiddenSize = hiddenSize
    }

    public var namedVariables: [NamedVariable] { layers.namedVariables }

    /// The top layer's output at every step, [batch, time, H].
    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        gru(x, layers: layers).output
    }
}
