import TensorCore

/// Children applied in order, named "0", "1", … like `torch.nn.Sequential`.
public struct Sequential: Layer {
    /// The children with their names.
    public var children: [(name: String, layer: any Layer)]

    /// Children named by position.
    public init(_ layers: [any Layer]) {
        children = layers.enumerated().map { (name: String($0.offset), layer: $0.element) }
    }

    /// Children with explicit names.
    public init(named children: [(name: String, layer: any Layer)]) {
        self.children = children
    }

    /// The child at `index`.
    public subscript(index: Int) -> any Layer { children[index].layer }

    public var namedVariables: [NamedVariable] {
        children.flatMap { prefixed($0.name, $0.layer.namedVariables) }
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        var h = x
        for child in children { h = ctx.apply(any: child.layer, named: child.name, to: h) }
        return h
    }
}
