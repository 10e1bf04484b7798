import TensorCore

/// Contrastive predictive coding (docs/method.md §3.3): encoder → 2-layer LSTM(512) context network
/// → bias-free 512→512 projection predicting the encoding `stepsAhead` tokens later.
/// Names match the reference `CPCModel`: `encoder.*`, `rnn.weight_ih_l0`, …, `proj.weight`.
///
/// The reference's variants: `gru` (GRU context network), `mlp` (projection Linear(H, H) → ReLU →
/// Linear(H, F), `proj.0.*`, `proj.2.*`), `projectionBias` (`--bias`: the projection's last
/// linear layer gets a bias), `batchNormEncoder` false (`--no-bn-encoder`), `skipEncoder`
/// (`--skip-encoder`: no encoder, the context network reads the leads directly; the reference
/// allows this for classification only).
public struct CPCModel {
    /// Per-token encoder, [B, leads, T] → [B, 512, T']; empty (the identity) with `skipEncoder`.
    public let encoder: Sequential
    /// Context network over [B, T', F].
    public let rnn: CPCContextNetwork
    /// Maps a context vector to its prediction of a future encoding (a `Linear`, or a `Sequential` with `mlp`).
    public let proj: any Layer
    /// Which encoder form this model uses.
    public let encoderKind: CPCEncoderKind

    /// A freshly initialised CPC model (PyTorch-default init everywhere); the defaults are the README runs'.
    public init(encoderKind: CPCEncoderKind = .fullyConnected, inputChannels: Int = 12, hidden: Int = 512,
                layers: Int = 2, gru: Bool = false, mlp: Bool = false, projectionBias: Bool = false,
                batchNormEncoder: Bool = true, skipEncoder: Bool = false, rng: inout SeededGenerator) {
        encoder = skipEncoder ? Sequential([])
            : makeCPCEncoder(kind: encoderKind, inputChannels: inputChannels, features: hidden, batchNorm: batchNormEncoder, rng: &rng)
        let tokenFeatures = skipEncoder ? inputChannels : hidden
        rnn = CPCContextNetwork(gru: gru, inputSize: tokenFeatures, hiddenSize: hidden, layerCount: layers, rng: &rng)
        proj = mlp ? Sequential([Linear(hidden, hidden, rng: &rng), ReLU(), Linear(hidden, tokenFeatures, bias: projectionBias, rng: &rng)])
                   : Linear(hidden, tokenFeatures, bias: projectionBias, rng: &rng)
        self.encoderKind = encoderKind
    }

    /// Parameters and buffers with the reference's names.
    public var namedVariables: [NamedVariable] {
        prefixed("encoder", encoder.namedVariables) + prefixed("rnn", rnn.namedVariables) + prefixed("proj", proj.namedVariables)
    }

    /// The encoder's tokens, batch-first: [B, leads, T] → [B, T', F].
    public func encode(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        transpose(encoder.children.isEmpty ? x : ctx.apply(encoder, named: "encoder", to: x), 1, 2)
    }

    /// Context vectors for every token: [B, T', F] → [B, T', H].
    public func context(_ z: Variable, _ ctx: inout ForwardContext) -> Variable {
        rnn.apply(to: z, named: "rnn", &ctx)
    }

    /// Predictions of future tokens from context vectors: [B, T', H] → [B, T', F].
    public func project(_ c: Variable, _ ctx: inout ForwardContext) -> Variable {
        ctx.apply(any: proj, named: "proj", to: c)
    }
}
