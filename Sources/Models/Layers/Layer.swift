import TensorCore

/// What a named piece of layer state is, so checkpoints and optimizers treat it right.
public enum StateKind: Sendable, Equatable {
    /// Trained by the optimizer.
    case parameter
    /// Updated by the forward pass (BatchNorm running statistics), saved but never optimized.
    case buffer
    /// An integer-valued buffer (`num_batches_tracked`), stored as int64 in checkpoints.
    case counter
}

/// One parameter or buffer of a layer under its PyTorch-style dotted name.
public struct NamedVariable {
    /// Dotted name relative to the layer that listed it, e.g. `features.0.1.running_mean`.
    public let name: String
    /// The variable itself (shared by reference: updating its value updates the layer).
    public let variable: Variable
    /// Parameter, buffer or counter.
    public let kind: StateKind

    /// A named piece of state.
    public init(_ name: String, _ variable: Variable, _ kind: StateKind) {
        self.name = name
        self.variable = variable
        self.kind = kind
    }
}

/// A differentiable building block: a value holding Variables, applied to a [batch, …] Variable.
///
/// Training/evaluation mode and the dropout stream travel in the `ForwardContext`, so one model
/// value can run part of itself frozen (linear evaluation) and part in training mode.
public protocol Layer {
    /// Parameters and buffers in PyTorch `state_dict` order (own state first, then children).
    var namedVariables: [NamedVariable] { get }
    /// Applies the layer.
    func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable
}

extension Layer {
    /// The trainable parameters, in state-dict order.
    public var parameters: [Variable] { namedVariables.filter { $0.kind == .parameter }.map(\.variable) }
    /// Trainable parameters by name.
    public var namedParameters: [NamedVariable] { namedVariables.filter { $0.kind == .parameter } }
    /// Number of trainable scalars (what torchinfo calls "Trainable params").
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// Prefixes every name of `state` with `prefix.` (how containers name their children's state).
public func prefixed(_ prefix: String, _ state: [NamedVariable]) -> [NamedVariable] {
    state.map { NamedVariable("\(prefix).\($0.name)", $0.variable, $0.kind) }
}

/// Per-call settings of a forward pass: mode, the dropout random stream, optional tracing.
public struct ForwardContext {
    /// Training mode: BatchNorm uses and updates batch statistics, dropout is active.
    public var training: Bool
    /// Source of dropout masks.
    public var rng: SeededGenerator
    /// Records each layer's output shape when set (model summaries).
    var trace: ForwardTrace?

    /// A context in training or evaluation mode.
    public init(training: Bool, rng: SeededGenerator = SeededGenerator(seed: 0)) {
        self.training = training
        self.rng = rng
        self.trace = nil
    }

    /// Runs `layer` as the child called `name` of the current layer, tracing it when asked.
    public mutating func apply<L: Layer>(_ layer: L, named name: String, to x: Variable) -> Variable {
        guard let trace else { return layer(x, &self) }
        let row = trace.enter(name: name, type: String(describing: L.self), parameters: layer.parameterCount)
        let y = layer(x, &self)
        trace.exit(row: row, outputShape: y.shape)
        return y
    }

    /// Same as `apply` for an existential child (Sequential's heterogeneous list).
    public mutating func apply(any layer: any Layer, named name: String, to x: Variable) -> Variable {
        func open<L: Layer>(_ l: L) -> Variable { apply(l, named: name, to: x) }
        return open(layer)
    }

    /// Runs `layer` in evaluation mode regardless of this context's mode (frozen BatchNorm).
    public mutating func applyFrozen<L: Layer>(_ layer: L, named name: String, to x: Variable) -> Variable {
        let wasTraining = training
        training = false
        defer { training = wasTraining }
        return apply(layer, named: name, to: x)
    }
}

/// Collects one row per traced layer call, in call (pre-)order with nesting depth.
final class ForwardTrace {
    struct Row {
        var path: [String]
        var type: String
        var parameters: Int
        var outputShape: [Int]
    }
    private(set) var rows: [Row] = []
    private var stack: [String] = []

    func enter(name: String, type: String, parameters: Int) -> Int {
        stack.append(name)
        rows.append(Row(path: stack, type: type, parameters: parameters, outputShape: []))
        return rows.count - 1
    }

    func exit(row: Int, outputShape: [Int]) {
        rows[row].outputShape = outputShape
        stack.removeLast()
    }
}
