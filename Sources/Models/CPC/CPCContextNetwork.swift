import TensorCore

/// CPC's recurrent context network: the reference's LSTM, or a GRU with `--gru`. Both keep
/// PyTorch's `rnn.*` names, so a checkpoint says by its shapes (4H or 3H rows) which one wrote it.
public enum CPCContextNetwork: Layer {
    /// nn.LSTM (the README runs).
    case lstm(LSTM)
    /// nn.GRU (`--gru`).
    case gru(GRU)

    /// A fresh network of the given kind, PyTorch-default init.
    public init(gru: Bool, inputSize: Int, hiddenSize: Int, layerCount: Int, rng: inout SeededGenerator) {
        self = gru ? .gru(GRU(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, rng: &rng))
                   : .lstm(LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, rng: &rng))
    }

    /// Hidden (and output) size.
    public var hiddenSize: Int {
        switch self {
        case .lstm(let l): return l.hiddenSize
        case .gru(let g): return g.hiddenSize
        }
    }

    public var namedVariables: [NamedVariable] {
        switch self {
        case .lstm(let l): return l.namedVariables
        case .gru(let g): return g.namedVariables
        }
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        switch self {
        case .lstm(let l): return l(x, &ctx)
        case .gru(let g): return g(x, &ctx)
        }
    }

    /// Runs the network as the child `name` of the caller, traced under its own type (LSTM / GRU).
    public func apply(to x: Variable, named name: String, _ ctx: inout ForwardContext) -> Variable {
        switch self {
        case .lstm(let l): return ctx.apply(l, named: name, to: x)
        case .gru(let g): return ctx.apply(g, named: name, to: x)
        }
    }
}
