import TensorCore

/// Where a training run is: the hooks of some methods depend on it (BYOL's τ, SwAV's queue).
public struct TrainingProgress: Sendable, Equatable {
    /// 0-based epoch.
    public var epoch: Int
    /// Optimizer steps completed before the current one (0 on the first step).
    public var step: Int
    /// Steps the whole run will take (epochs × steps per epoch).
    public var totalSteps: Int

    /// A position in a run.
    public init(epoch: Int, step: Int, totalSteps: Int) {
        self.epoch = epoch
        self.step = step
        self.totalSteps = totalSteps
    }
}

/// A self-supervised pretraining method: a model and its loss on the augmented views of a batch.
///
/// All state lives in Variables, so the hooks update it in place; `namedVariables` is what the
/// model checkpoint holds, `auxiliaryState` what only a resumed run needs (EMA target, queue).
public protocol PretrainingMethod {
    /// Parameters and buffers of the trained model under their checkpoint names.
    var namedVariables: [NamedVariable] { get }
    /// Non-optimized state needed to resume exactly (empty for most methods).
    var auxiliaryState: [NamedVariable] { get }
    /// The representation network's state under the names a classifier's backbone uses
    /// (`encoder.*` for xresnet methods; `encoder.*`, `rnn.*` for CPC).
    var backboneVariables: [NamedVariable] { get }
    /// How many augmented views of each window one step consumes.
    var viewCount: Int { get }
    /// The loss of one batch; `views[v]` is view v of every window, [B, leads, T].
    func loss(views: [Tensor], progress: TrainingProgress, _ ctx: inout ForwardContext) -> Variable
    /// Runs after `backward()` and before the optimizer step (gradient surgery).
    func afterBackward(progress: TrainingProgress)
    /// Runs after the optimizer step (target-network updates).
    func afterOptimizerStep(progress: TrainingProgress)
}

extension PretrainingMethod {
    public var auxiliaryState: [NamedVariable] { [] }
    public func afterBackward(progress: TrainingProgress) {}
    public func afterOptimizerStep(progress: TrainingProgress) {}
    /// The trainable parameters, in checkpoint order.
    public var parameters: [Variable] { namedVariables.filter { $0.kind == .parameter }.map(\.variable) }
    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// Makes a view batch a constant leaf of the graph, checking its layout first.
func viewVariable(_ t: Tensor, method: String) -> Variable {
    require(t.rank == 3, "\(method): each view must be [batch, leads, time], got \(t.shape)")
    return Variable(t)
}
