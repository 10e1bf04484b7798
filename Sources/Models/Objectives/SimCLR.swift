import TensorCore

/// SimCLR (docs/method.md §3.4): encoder → projection Linear(F, 512) → ReLU → Linear(512, 16) → L2
/// normalisation, standard NT-Xent at temperature 0.5; each view runs its own forward pass
/// (own BatchNorm statistics), as in the reference.
public struct SimCLR: PretrainingMethod {
    /// The representation network.
    public let encoder: XResNet1d
    /// The projection MLP (`projector.0`, `projector.2`), PyTorch-default init.
    public let projector: Sequential
    /// NT-Xent temperature τ.
    public let temperature: Float

    /// A fresh SimCLR model.
    public init(encoder: XResNet1d, hidden: Int = 512, outDim: Int = 16, temperature: Float = 0.5, rng: inout SeededGenerator) {
        self.encoder = encoder
        projector = Sequential([Linear(encoder.featureCount, hidden, rng: &rng), ReLU(), Linear(hidden, outDim, rng: &rng)])
        self.temperature = temperature
    }

    public var backboneVariables: [NamedVariable] { prefixed("encoder", encoder.namedVariables) }
    public var namedVariables: [NamedVariable] { backboneVariables + prefixed("projector", projector.namedVariables) }
    public var viewCount: Int { 2 }

    /// The L2-normalised projection of one view.
    public func embed(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        l2Normalize(ctx.apply(projector, named: "projector", to: ctx.apply(encoder, named: "encoder", to: x)), axis: 1)
    }

    public func loss(views: [Tensor], progress: TrainingProgress, _ ctx: inout ForwardContext) -> Variable {
        require(views.count == 2, "SimCLR: needs 2 views, got \(views.count)")
        let z1 = embed(viewVariable(views[0], method: "SimCLR"), &ctx)
        let z2 = embed(viewVariable(views[1], method: "SimCLR"), &ctx)
        return ntXentLoss(z1, z2, temperature: temperature)
    }
}
