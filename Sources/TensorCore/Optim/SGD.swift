/// PyTorch's SGD with momentum (dampening 0, no Nesterov): d = g + wd·p;
/// buf = d on the first step, else μ·buf + d; p −= lr·buf.
public final class SGD: Optimizer {
    /// Parameter groups.
    public var groups: [ParameterGroup]
    /// Momentum μ (0 = plain SGD).
    public let momentum: Float
    /// Steps taken.
    public private(set) var stepCount = 0
    private var state = OptimizerState()

    /// SGD over `groups` with momentum μ.
    public init(_ groups: [ParameterGroup], momentum: Float = 0) {
        self.groups = groups
        self.momentum = momentum
    }

    public func step() {
        stepCount += 1
        for (gi, group) in groups.enumerated() {
            for (pi, p) in group.parameters.enumerated() {
                guard let grad = p.grad else { continue }
                let key = OptimizerState.key(gi, pi) + ".momentum_buffer"
                let (lr, wd, mu) = (group.lr, group.weightDecay, momentum)
                let first = state.slots[key] == nil
                var buf = state.slots[key] ?? [Float](repeating: 0, count: grad.count)
                p.value.scalars.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count {
                        var d = grad.scalars[i] + wd * w[i]
                        if mu != 0 {
                            buf[i] = first ? d : mu * buf[i] + d
                            d = buf[i]
                        }
                        w[i] -= lr * d
                    }
                }
                if mu != 0 { state.slots[key] = buf }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] { state.export() }

    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        try state.load(tensors, groups: groups, fields: ["momentum_buffer"])
        self.stepCount = stepCount
    }
}
