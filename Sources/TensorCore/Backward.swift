extension Variable {
    /// Backpropagates from this scalar, accumulating `.grad` into every reachable leaf that
    /// requires a gradient. The graph is freed afterwards (call it once per forward pass).
    public func backward() {
        require(value.count == 1, "backward(): needs a scalar loss, got shape \(shape); pass seed: for non-scalars")
        backward(seed: Tensor(repeating: 1, shape: shape))
    }

    /// Backpropagates `seed` (the gradient of some scalar with respect to this variable).
    public func backward(seed: Tensor) {
        require(seed.shape == shape, "backward(seed:): seed shape \(seed.shape) != variable shape \(shape)")
        guard let root = creator else {
            if requiresGrad { grad = grad.map { TensorMath.add($0, seed) } ?? seed }
            return
        }
        root.accumulate(seed, at: outputIndex)
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var nodes = [root], stack = [root]
        while let n = stack.popLast() {
            for input in n.inputs {
                if let c = input.creator, seen.insert(ObjectIdentifier(c)).inserted {
                    nodes.append(c); stack.append(c)
                }
            }
        }
        nodes.sort { $0.id > $1.id }
        for node in nodes {
            defer { node.release() }
            guard let fn = node.backward, node.pending.contains(where: { $0 != nil }) else { continue }
            let gradOutputs = zip(node.pending, node.outputShapes).map { $0 ?? Tensor.zeros($1) }
            let needs = node.inputs.map(\.requiresGrad)
            let gradInputs = fn(gradOutputs, needs)
            require(gradInputs.count == node.inputs.count, "backward of \(node.name): wrong number of gradients")
            for (i, input) in node.inputs.enumerated() where needs[i] {
                guard let g = gradInputs[i] else { continue }
                require(g.shape == input.shape,
                             "backward of \(node.name): gradient shape \(g.shape) for input \(i) of shape \(input.shape)")
                if let c = input.creator {
                    c.accumulate(g, at: input.outputIndex)
                } else {
                    input.grad = input.grad.map { TensorMath.add($0, g) } ?? g
                }
            }
        }
    }
}
