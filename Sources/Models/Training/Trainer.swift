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
        optimizer.setLearningRateFactor(schedule.factor(step: progress.step))
        optimizer.zeroGrad()
        var ctx = ForwardContext(training: true, rng: rng)
        let loss = forward(&ctx)
        rng = ctx.rng
        let value = loss.value.scalar
        guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: progress.step, epoch: progress.epoch, value: value) }
        loss.backward()
        afterBackward(progress)
        optimizer.step()
        afterStep(progress)
        progress.step += 1
        return value
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
