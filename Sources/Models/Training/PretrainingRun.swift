import Foundation
import TensorCore

/// A pretraining run of one method: its trainer plus checkpointing that resumes exactly.
public struct PretrainingRun<Method: PretrainingMethod> {
    /// The method (model + objective).
    public let method: Method
    /// Optimizer, schedule, random stream and position.
    public var trainer: Trainer

    /// A run at step 0 of `totalSteps` optimizing every parameter of `method`, with the settings'
    /// own schedule unless `schedule` is given.
    public init(method: Method, settings: OptimizerSettings, schedule: (any LearningRateSchedule)? = nil,
                totalSteps: Int, seed: UInt64) {
        self.method = method
        trainer = Trainer(optimizer: settings.makeOptimizer(method.namedVariables),
                          schedule: schedule ?? settings.makeSchedule(totalSteps: totalSteps), totalSteps: totalSteps, seed: seed)
    }

    /// One step on the views of a batch (`views[v]` = [B, leads, T]) during `epoch`; returns the loss.
    @discardableResult
    public mutating func step(views: [Tensor], epoch: Int) throws -> Float {
        try step(microBatches: [views], epoch: epoch)
    }

    /// One optimizer step accumulated over micro-batches (`microBatches[m]` = the views of micro-batch
    /// m): each has its own loss, the step applies the mean of their gradients (`Trainer.step(microBatches:)`),
    /// and the method's hooks run once per optimizer step. Returns the mean micro-batch loss.
    @discardableResult
    public mutating func step(microBatches: [[Tensor]], epoch: Int) throws -> Float {
        trainer.progress.epoch = epoch
        let (method, progress) = (self.method, trainer.progress)
        return try trainer.step(microBatches: microBatches.count,
                                { m, ctx in method.loss(views: microBatches[m], progress: progress, &ctx) },
                                afterBackward: method.afterBackward, afterStep: method.afterOptimizerStep)
    }

    /// Writes `model.safetensors` and `training_state.safetensors` into `directory`.
    public func save(to directory: URL) throws {
        try TrainingCheckpoint.save(to: directory, model: method.namedVariables, auxiliary: method.auxiliaryState, trainer: trainer)
    }

    /// Restores everything `save` wrote, so the next steps equal those of an uninterrupted run.
    public mutating func resume(from directory: URL) throws {
        try TrainingCheckpoint.load(from: directory, model: method.namedVariables, auxiliary: method.auxiliaryState, trainer: &trainer)
    }
}

/// A supervised / finetuning / linear-evaluation run of a classifier with BCE-with-logits.
public struct ClassifierRun<Model: Classifier> {
    /// The classifier.
    public let model: Model
    /// Optimizer (over the parameters passed at creation), schedule, random stream and position.
    public var trainer: Trainer

    /// A run optimizing `trainable` (e.g. `model.headVariables` for linear evaluation, or all variables).
    public init(model: Model, trainable: [NamedVariable], settings: OptimizerSettings, totalSteps: Int, seed: UInt64) {
        self.init(model: model, trainer: Trainer(optimizer: settings.makeOptimizer(trainable),
                                                 schedule: settings.makeSchedule(totalSteps: totalSteps),
                                                 totalSteps: totalSteps, seed: seed))
    }

    /// A run with a ready trainer (e.g. an optimizer over parameter groups at their own rates).
    public init(model: Model, trainer: Trainer) {
        self.model = model
        self.trainer = trainer
    }

    /// One step on windows [B, leads, T] with multi-hot targets [B, classes]; returns the loss.
    @discardableResult
    public mutating func step(_ x: Tensor, targets: Tensor, epoch: Int) throws -> Float {
        trainer.progress.epoch = epoch
        let model = self.model
        return try trainer.step { ctx in model.loss(Variable(x), targets: targets, &ctx) }
    }

    /// Writes `model.safetensors` and `training_state.safetensors` into `directory`.
    public func save(to directory: URL) throws {
        try TrainingCheckpoint.save(to: directory, model: model.namedVariables, auxiliary: [], trainer: trainer)
    }

    /// Restores everything `save` wrote.
    public mutating func resume(from directory: URL) throws {
        try TrainingCheckpoint.load(from: directory, model: model.namedVariables, auxiliary: [], trainer: &trainer)
    }
}
