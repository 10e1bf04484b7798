import TensorCore

/// Contrastive predictive coding (docs/method.md §3.3): encoder → 2-layer LSTM(512) context network
/// → bias-free 512→512 projection predicting the encoding `stepsAhead` tokens later.
/// Names match the reference `CPCModel`: `encoder.*`, `rnn.weight_ih_l0`, …, `proj.weight`.
public struct CPCModel {
    /// Per-token encoder, [B, leads, T] → [B, 512, T'].
    public let encoder: Sequential
    /// Context network over [B, T', 512].
    public let rnn: LSTM
    /// Maps a context vector to its prediction of a future encoding.
    public let proj: Linear
    /// Which encoder form this model uses.
    public let encoderKind: CPCEncoderKind

    /// A freshly initialised CPC model (PyTorch-default init everywhere).
    public init(encoderKind: CPCEncoderKind = .fullyConnected, inputChannels: Int = 12, hidden: Int = 512,
                layers: Int = 2, rng: inout SeededGenerator) {
        encoder = makeCPCEncoder(kind: encoderKind, inputChannels: inputChannels, features: hidden, rng: &rng)
        rnn = LSTM(inputSize: hidden, hiddenSize: hidden, layerCount: layers, rng: &rng)
        proj = Linear(hidden, hidden, bias: false, rng: &rng)
        self.encoderKind = encoderKind
    }

    /// Parameters and buffers with the reference's names.
    public var namedVariables: [NamedVariable] {
        prefixed("encoder", encoder.namedVariables) + prefixed("rnn", rnn.namedVariables) + prefixed("proj", proj.namedVariables)
    }

    /// The encoder's tokens, batch-first: [B, leads, T] → [B, T', 512].
    public func encode(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        transpose(ctx.apply(encoder, named: "encoder", to: x), 1, 2)
    }

    /// Context vectors for every token: [B, T', 512] → [B, T', 512].
    public func context(_ z: Variable, _ ctx: inout ForwardContext) -> Variable {
        ctx.apply(rnn, named: "rnn", to: z)
    }
}
