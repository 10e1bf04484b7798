import TensorCore

/// The mechanics shared by every training run: schedule → forward → backward → hooks → optimizer
/// step, with the run's random stream and position carried along (and saved by `TrainingCheckpoint`).
public struct Trainer {
    /// The optimizer (its groups decide what trains).
    public let optimizer: any Optimizer
    /// Learning-rate factor per step.
    public let schedule: any LearningRateSchedule
    /// Epoch, completed steps and planned total.
    public var progress: TrainingProgress
    /// Dropout masks and CPC negatives come from here, so a resumed run draws what an uninterrupted one would.
    public var rng: SeededGenerator

    /// A trainer at step 0.
    public init(optimizer: any Optimizer, schedule: any LearningRateSchedule, totalSteps: Int, seed: UInt64) {
        self.optimizer = optimizer
        self.schedule = schedule
        progress = TrainingProgress(epoch: 0, step: 0, totalSteps: totalSteps)
        rng = SeededGenerator(seed: seed)
    }

    /// One optimizer step on the loss `forward` builds in training mode; returns the loss value.
    /// A non-finite loss throws before anything is updated (the run has diverged; resuming
    /// from the last checkpoint with a lower learning rate is the usual way out).
    public mutating func step(_ forward: (inout ForwardContext) -> Variable,
                              afterBackward: (TrainingProgress) -> Void = { _ in },
                              afterStep: (TrainingProgress) -> Void = { _ in }) throws -> Float {
        try step(microBatches: 1, { _, ctx in forward(&ctx) }, afterBackward: afterBackward, afterStep: afterStep)
    }

    /// One optimizer step over `count` micro-batches (gradient accumulation with the semantics of
    /// Lightning's `accumulate_grad_batches`): `forward(m, &ctx)` builds micro-batch m's own loss,
    /// which is divided by `count` before its own backward pass, so the step applies the mean of
    /// the micro-batch gradients while only one micro-batch's graph is alive at a time. Each loss
    /// sees only its micro-batch (BatchNorm statistics, contrastive negatives), so this is not a
    /// `count`-times larger batch for batch-coupled losses. Returns the mean micro-batch loss.
    public mutating func step(microBatches count: Int, _ forward: (Int, inout ForwardContext) -> Variable,
                              afterBackward: (TrainingProgress) -> Void = { _ in },
                              afterStep: (TrainingProgress) -> Void = { _ in }) throws -> Float {
        require(count >= 1, "Trainer: needs at least one micro-batch per step, got \(count)")
        optimizer.setLearningRateFactor(schedule.factor(step: progress.step))
        optimizer.zeroGrad()
        var total = 0.0
        for m in 0..<count {
            var ctx = ForwardContext(training: true, rng: rng)
            let loss = forward(m, &ctx)
            rng = ctx.rng
            let value = loss.value.scalar
            guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: progress.step, epoch: progress.epoch, value: value) }
            // Without accumulation no scaling node, so single-batch steps stay bitwise as before.
            (count == 1 ? loss : scale(loss, 1 / Float(count))).backward()
            if count == 1 { total = Double(value) } else { total += Double(value) / Double(count) }
        }
        afterBackward(progress)
        optimizer.step()
        afterStep(progress)
        progress.step += 1
        return Float(total)
    }
}

/// Why a training run stopped.
public enum TrainingError: Error, CustomStringConvertible {
    /// The loss became NaN or infinite.
    case nonFiniteLoss(step: Int, epoch: Int, value: Float)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, epoch, value):
            return "training diverged: the loss is \(value) at step \(step) (epoch \(epoch + 1)); try a lower learning rate"
        }
    }
}
