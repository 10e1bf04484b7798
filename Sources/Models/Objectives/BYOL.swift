import Foundation
import TensorCore

/// BYOL (docs/method.md §3.5) with the reference's EMA bug fixed: the target network follows the
/// online one by EMA on every parameter, biases included; the target's BatchNorm running
/// statistics come from its own training-mode forward passes, as in the reference.
///
/// Online: encoder → projector Linear(F, 512, no bias) → BN → ReLU → Linear(512, 16) → predictor
/// (same shape, 16 → 512 → 16). Target: a copy of encoder + projector.
/// loss = −2·mean cos(p(v1), z′(v2)) − 2·mean cos(p(v2), z′(v1)).
public struct BYOL: PretrainingMethod {
    /// Online representation network.
    public let encoder: XResNet1d
    /// Online projector.
    public let projector: Sequential
    /// Online predictor.
    public let predictor: Sequential
    /// Target representation network (never receives gradients).
    public let targetEncoder: XResNet1d
    /// Target projector.
    public let targetProjector: Sequential
    /// τ at step 0; it rises to 1 along a cosine over the run.
    public let baseTau: Double

    /// A fresh BYOL model whose target starts equal to the online network.
    public init(encoder: XResNet1d, hidden: Int = 512, outDim: Int = 16, baseTau: Double = 0.996, rng: inout SeededGenerator) {
        func mlp(_ input: Int, _ rng: inout SeededGenerator) -> Sequential {
            Sequential([Linear(input, hidden, bias: false, rng: &rng), BatchNorm1d(hidden), ReLU(), Linear(hidden, outDim, rng: &rng)])
        }
        self.encoder = encoder
        projector = mlp(encoder.featureCount, &rng)
        predictor = mlp(outDim, &rng)
        // The target is a deep copy: same architecture rebuilt, then every value copied over.
        var scratch = SeededGenerator(seed: 0)
        targetEncoder = XResNet1d(depth: encoder.depth, inputChannels: encoder.inputChannels,
                                  kernelSize: encoder.kernelSize, widen: encoder.widen, rng: &scratch)
        targetProjector = mlp(encoder.featureCount, &scratch)
        self.baseTau = baseTau
        for (t, o) in zip(targetState, onlineState) {
            t.variable.value = o.variable.value
            t.variable.requiresGrad = false
        }
    }

    private var onlineState: [NamedVariable] {
        prefixed("encoder", encoder.namedVariables) + prefixed("projector", projector.namedVariables)
    }
    private var targetState: [NamedVariable] {
        prefixed("encoder", targetEncoder.namedVariables) + prefixed("projector", targetProjector.namedVariables)
    }

    public var backboneVariables: [NamedVariable] { prefixed("encoder", encoder.namedVariables) }
    public var namedVariables: [NamedVariable] { onlineState + prefixed("predictor", predictor.namedVariables) }
    /// The target network, `target.encoder.*` and `target.projector.*`.
    public var auxiliaryState: [NamedVariable] {
        prefixed("target", targetState).map { NamedVariable($0.name, $0.variable, $0.kind == .parameter ? .buffer : $0.kind) }
    }
    public var viewCount: Int { 2 }

    /// τ for the update after step `k` of `total`: 1 − (1 − τ₀)(cos(πk/K) + 1)/2.
    public func tau(step k: Int, totalSteps total: Int) -> Double {
        1 - (1 - baseTau) * (cos(Double.pi * Double(k) / Double(max(total, 1))) + 1) / 2
    }

    public func loss(views: [Tensor], progress: TrainingProgress, _ ctx: inout ForwardContext) -> Variable {
        require(views.count == 2, "BYOL: needs 2 views, got \(views.count)")
        let v = views.map { viewVariable($0, method: "BYOL") }
        func online(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
            let z = ctx.apply(projector, named: "projector", to: ctx.apply(encoder, named: "encoder", to: x))
            return ctx.apply(predictor, named: "predictor", to: z)
        }
        func target(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
            withoutGrad { targetProjector(targetEncoder(x, &ctx), &ctx) }
        }
        let p1 = online(v[0], &ctx), p2 = online(v[1], &ctx)
        let t1 = target(v[0], &ctx), t2 = target(v[1], &ctx)
        return byolLoss(p1, t2) + byolLoss(p2, t1)
    }

    /// target ← τ·target + (1 − τ)·online for every parameter.
    public func afterOptimizerStep(progress: TrainingProgress) {
        let tau = Float(self.tau(step: progress.step, totalSteps: progress.totalSteps))
        for (t, o) in zip(targetState, onlineState) where o.kind == .parameter {
            t.variable.value = TensorMath.zip(t.variable.value, o.variable.value, "BYOL EMA") { tau * $0 + (1 - tau) * $1 }
        }
    }
}

/// −2 · mean over the batch of cos(p_b, z_b) (the reference's BYOL regression loss).
public func byolLoss(_ p: Variable, _ z: Variable) -> Variable {
    require(p.value.rank == 2 && p.shape == z.shape, "BYOL loss: needs equal [N, D] inputs, got \(p.shape) and \(z.shape)")
    let cos = sum(l2Normalize(p, axis: 1) * l2Normalize(z, axis: 1), axes: [1])
    return scale(mean(cos), -2)
}
