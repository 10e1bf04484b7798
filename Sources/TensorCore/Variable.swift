/// A node of the autograd graph: a tensor value plus, when it needs one, its gradient.
///
/// A parameter is `Variable(value, requiresGrad: true)`; a buffer (e.g. BatchNorm running
/// statistics) is a Variable with `requiresGrad: false` whose `value` ops may update in place.
/// Outputs of recorded ops hold a reference to the op that made them (their `creator`).
public final class Variable {
    /// The current value; mutable so optimizers and running statistics update in place.
    public var value: Tensor
    /// Accumulated gradient of the last `backward()` calls (leaves only), `nil` until one arrives.
    public var grad: Tensor?
    /// Whether gradients flow into (leaf) or through (op output) this variable.
    public var requiresGrad: Bool
    /// The recorded op that produced this value (`nil` for leaves and untracked results).
    var creator: GraphNode?
    /// Which of the creator's outputs this is.
    let outputIndex: Int

    /// A leaf variable (a parameter when `requiresGrad`, otherwise a constant or buffer).
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.creator = nil
        self.outputIndex = 0
    }

    init(value: Tensor, creator: GraphNode?, outputIndex: Int) {
        self.value = value
        self.requiresGrad = creator != nil
        self.creator = creator
        self.outputIndex = outputIndex
    }

    /// Extent of each dimension of `value`.
    public var shape: [Int] { value.shape }
    /// Whether this variable was made by the user rather than by a recorded op.
    public var isLeaf: Bool { creator == nil }
    /// A leaf holding the same value, cut from the graph.
    public func detached() -> Variable { Variable(value) }
    /// Drops the accumulated gradient.
    public func zeroGrad() { grad = nil }
}

/// One recorded op: its inputs, output shapes and a backward closure mapping output gradients to
/// input gradients. `id` increases with creation, so descending ids are a topological order.
final class GraphNode {
    let id: UInt64
    var inputs: [Variable]
    var outputShapes: [[Int]]
    var backward: (([Tensor], [Bool]) -> [Tensor?])?
    var pending: [Tensor?]
    let name: String

    init(name: String, inputs: [Variable], outputShapes: [[Int]],
         backward: @escaping ([Tensor], [Bool]) -> [Tensor?]) {
        self.id = GradMode.nextNodeID()
        self.name = name
        self.inputs = inputs
        self.outputShapes = outputShapes
        self.backward = backward
        self.pending = Array(repeating: nil, count: outputShapes.count)
    }

    func accumulate(_ g: Tensor, at index: Int) {
        require(backward != nil,
                     "backward(): the graph through \(name) was freed by an earlier backward(); add the losses and call backward() once")
        if let old = pending[index] { pending[index] = TensorMath.add(old, g) } else { pending[index] = g }
    }

    /// Frees saved activations once the node's backward ran (graphs are used once, as in PyTorch).
    func release() {
        backward = nil
        inputs = []
        pending = []
    }
}
