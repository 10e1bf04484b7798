import Foundation

/// PyTorch's Adam (`decoupled: false`, weight decay added to the gradient) and AdamW
/// (`decoupled: true`, p ← p·(1 − lr·wd) before the update), amsgrad off:
/// m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε),
/// with t counted per parameter (parameters without a gradient do not advance).
public final class Adam: Optimizer {
    /// Parameter groups.
    public var groups: [ParameterGroup]
    /// β₁, β₂ and ε.
    public let beta1: Float, beta2: Float, eps: Float
    /// Whether weight decay is decoupled (AdamW).
    public let decoupled: Bool
    /// Steps taken.
    public private(set) var stepCount = 0
    private var state = OptimizerState()

    /// Adam over `groups` (use `AdamW(...)` for decoupled decay).
    public init(_ groups: [ParameterGroup], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, decoupled: Bool = false) {
        self.groups = groups
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps
        self.decoupled = decoupled
    }

    public func step() {
        stepCount += 1
        for (gi, group) in groups.enumerated() {
            for (pi, p) in group.parameters.enumerated() {
                guard let grad = p.grad else { continue }
                require(grad.shape == p.shape, "Adam: gradient shape \(grad.shape) for parameter \(p.shape) (group \(gi), param \(pi))")
                let key = OptimizerState.key(gi, pi)
                let t = (state.steps[key] ?? 0) + 1
                state.steps[key] = t
                var m = state.slots[key + ".exp_avg"] ?? [Float](repeating: 0, count: grad.count)
                var v = state.slots[key + ".exp_avg_sq"] ?? [Float](repeating: 0, count: grad.count)
                let (lr, wd, b1, b2, eps) = (group.lr, group.weightDecay, beta1, beta2, self.eps)
                let stepSize = Float(Double(lr) / (1 - pow(Double(b1), Double(t))))
                let bc2Sqrt = Float((1 - pow(Double(b2), Double(t))).squareRoot())
                let decay: Float = decoupled ? 1 - lr * wd : 1
                let l2: Float = decoupled ? 0 : wd
                p.value.scalars.withUnsafeMutableBufferPointer { w in
                    m.withUnsafeMutableBufferPointer { mb in
                        v.withUnsafeMutableBufferPointer { vb in
                            grad.scalars.withUnsafeBufferPointer { gb in
                                for i in 0..<w.count {
                                    if decay != 1 { w[i] *= decay }
                                    let g = gb[i] + l2 * w[i]
                                    mb[i] += (g - mb[i]) * (1 - b1)
                                    vb[i] = vb[i] * b2 + (1 - b2) * g * g
                                    w[i] -= stepSize * mb[i] / (vb[i].squareRoot() / bc2Sqrt + eps)
                                }
                            }
                        }
                    }
                }
                state.slots[key + ".exp_avg"] = m
                state.slots[key + ".exp_avg_sq"] = v
            }
        }
    }

    public func stateTensors() -> [String: Tensor] { state.export() }

    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        try state.load(tensors, groups: groups, fields: ["exp_avg", "exp_avg_sq"])
        self.stepCount = stepCount
    }
}

/// AdamW: Adam with decoupled weight decay (PyTorch's default weight decay 1e-2 is not assumed;
/// each group states its own).
public func AdamW(_ groups: [ParameterGroup], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) -> Adam {
    Adam(groups, beta1: beta1, beta2: beta2, eps: eps, decoupled: true)
}
