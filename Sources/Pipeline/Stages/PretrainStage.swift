import Augment
import Datasets
import ExperimentSpec
import Foundation
import Models
import TensorCore

/// pretrain: self-supervised training of the spec's method on the pretraining corpora
/// (docs/method.md §3). One random window per record per epoch; the augmented views of each window
/// are made from their own copies; checkpoints every `runtime.checkpoint_every` steps and resumes
/// exactly. Artifacts: `encoder.safetensors` (the backbone, under the classifier's names),
/// `model.safetensors`, `curve.csv`, `metrics.csv`, `pretrain.json`.
public struct PretrainStage: Stage {
    public let version = 6

    /// The stage.
    public init() {}

    /// Where the loop stands; saved beside the model in every checkpoint.
    struct LoopState: Codable {
        var epoch = 0
        var batchInEpoch = 0
        var lossSum = 0.0
        var lossCount = 0
        var curve: [PretrainResult.Epoch] = []
        var log = ScalarLog()
    }

    public func run(_ inputs: PretrainInputs, _ context: StageContext) throws {
        let p = inputs.pretrain
        var rng = context.makeGenerator()
        let method = try ModelFactory.pretrainingMethod(inputs.method, model: inputs.model, pretrain: p, rng: &rng)
        let augmentation = inputs.method == .cpc ? nil : try TrainingData.augmentation(p.trafos)
        let sampler = try CorpusSampler(stores: try (0..<inputs.corpora).map { try context.store(.corpus($0)) },
                                        length: p.inputSize, percentage: inputs.percentage, filterCinc: inputs.filterCinc,
                                        normalization: TrainingData.normalization(normalize: inputs.normalize), rng: &rng)
        let trainCount = sampler.train.reduce(0) { $0 + $1.count }
        // One optimizer step takes `accumulate` micro-batches of batch_size (the reference's
        // total batch = accumulate × batch size); an epoch's incomplete last group is dropped.
        let stepsPerEpoch = trainCount / (p.batchSize * p.accumulate)
        guard stepsPerEpoch > 0 else {
            throw PipelineError.badInput("pretrain.batch_size \(p.batchSize) × accumulate \(p.accumulate) exceeds the \(trainCount) training records")
        }
        let totalSteps = stepsPerEpoch * p.epochs
        let settings = OptimizerSettings(kind: p.optimizer, learningRate: Float(p.lr),
                                         weightDecay: Float(p.weightDecay), decayBiases: inputs.method == .cpc,
                                         warmupSteps: p.warmupEpochs * stepsPerEpoch, cosine: p.schedule != .constant)
        // BYOL steps its warmup + cosine once per epoch (LinearWarmupCosineAnnealing per epoch);
        // the others take the settings' per-step schedule.
        let schedule: (any LearningRateSchedule)? = p.schedule == .cosineEpoch
            ? EpochSchedule(inner: WarmupCosineSchedule(warmupSteps: p.warmupEpochs, totalSteps: max(p.epochs, p.warmupEpochs + 1)),
                            stepsPerEpoch: stepsPerEpoch)
            : nil
        let base = rng
        return try Self.train(method, settings: settings, schedule: schedule, stepsPerEpoch: stepsPerEpoch,
                              totalSteps: totalSteps, epochs: p.epochs, batchSize: p.batchSize, accumulate: p.accumulate,
                              sampler: sampler, augmentation: augmentation, base: base, context: context, inputs: inputs,
                              summary: ["method": inputs.method.rawValue,
                                        "augmentations": p.trafos.map(\.abbreviation).joined(separator: " ")])
    }

    static func train<M: PretrainingMethod>(_ method: M, settings: OptimizerSettings, schedule: (any LearningRateSchedule)?,
                                             stepsPerEpoch: Int, totalSteps: Int, epochs: Int, batchSize: Int, accumulate: Int,
                                             sampler: CorpusSampler, augmentation: AugmentationPipeline?,
                                             base: SeededGenerator, context: StageContext, inputs: PretrainInputs,
                                             summary: [String: String]) throws {
        var run = PretrainingRun(method: method, settings: settings, schedule: schedule, totalSteps: totalSteps,
                                 seed: base.fork(-1).seedValue)
        var state = LoopState()
        if let (url, saved) = context.checkpoints.latest(state: LoopState.self, discarded: context.progress.note) {
            try run.resume(from: url)
            state = saved
        }
        let views = method.viewCount
        while state.epoch < epochs {
            // Windows and views of an epoch derive from (seed, epoch, batch) alone, so a resumed
            // run re-creates exactly the batches an uninterrupted one sees.
            let epochRng = base.fork(state.epoch)
            var windowRng = epochRng.fork(0)
            let windows = sampler.windows(sampler.train, rng: &windowRng)
            while state.batchInEpoch < stepsPerEpoch {
                // Micro-batch k of the epoch has the windows and views batch k had without
                // accumulation, so accumulate 1 reproduces earlier runs exactly.
                let micro = try (0..<accumulate).map { a -> [Tensor] in
                    let k = state.batchInEpoch * accumulate + a
                    let x = sampler.batch(windows[(k * batchSize)..<((k + 1) * batchSize)])
                    var viewRng = epochRng.fork(k + 1)
                    return try TrainingData.views(of: x, augmentation: augmentation, count: views, rng: &viewRng)
                }
                let loss = try run.step(microBatches: micro, epoch: state.epoch)
                state.lossSum += Double(loss)
                state.lossCount += 1
                state.batchInEpoch += 1
                state.log.step(epoch: state.epoch + 1, [("train/loss", Double(loss)), ("train/lr", Double(run.trainer.optimizer.groups[0].lr))]
                               + MethodSignals.after(method, progress: run.trainer.progress))
                let step = run.trainer.progress.step
                context.progress.update(done: step, total: totalSteps,
                                        note: String(format: "epoch %d/%d loss %.4f", state.epoch + 1, epochs, state.lossSum / Double(state.lossCount)))
                if context.checkpoints.isDue(step: step) && step < totalSteps {
                    let s = state
                    try context.checkpoints.save(step: step) { dir in
                        try run.save(to: dir)
                        try JSONEncoder().encode(s).write(to: dir.appendingPathComponent("loop.json"))
                        try ScalarLogFiles.writeCheckpoint(s.log, inputs: inputs, to: dir)
                    }
                }
            }
            let validation = try validationLoss(method, sampler: sampler, augmentation: augmentation, views: views,
                                                batchSize: batchSize, rng: epochRng.fork(-2), progress: run.trainer.progress)
            state.curve.append(PretrainResult.Epoch(epoch: state.epoch + 1, trainLoss: state.lossSum / Double(max(state.lossCount, 1)),
                                          validationLoss: validation))
            state.log.epoch(state.epoch + 1, [("val/loss", validation), ("train/epoch_loss", state.curve.last?.trainLoss)])
            state.epoch += 1
            state.batchInEpoch = 0
            state.lossSum = 0
            state.lossCount = 0
        }
        try ModelCheckpoint.save(method.backboneVariables, to: context.output.appendingPathComponent("encoder.safetensors"),
                                 metadata: summary)
        try ModelCheckpoint.save(method.namedVariables, to: context.output.appendingPathComponent("model.safetensors"),
                                 metadata: summary)
        var curve = "epoch,train_loss,val_loss\n"
        for c in state.curve { curve += "\(c.epoch),\(c.trainLoss),\(c.validationLoss.map { String($0) } ?? "")\n" }
        try curve.write(to: context.output.appendingPathComponent("curve.csv"), atomically: true, encoding: .utf8)
        let last = state.curve.last
        try ("metric,value\nsteps,\(totalSteps)\nfinal_train_loss,\(last?.trainLoss ?? .nan)\n"
             + "final_val_loss,\(last?.validationLoss.map { String($0) } ?? "")\n")
            .write(to: context.output.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
        try PretrainResult(steps: totalSteps, curve: state.curve).write(to: context.output)
        try ScalarLogFiles.finish(state.log, inputs: inputs, context: context)
    }

    /// Mean loss over one seeded window per validation record, in evaluation mode and without a
    /// tape; nil without a validation fold, and for SwAV, whose loss updates its queue.
    static func validationLoss<M: PretrainingMethod>(_ method: M, sampler: CorpusSampler, augmentation: AugmentationPipeline?,
                                                      views: Int, batchSize: Int, rng: SeededGenerator,
                                                      progress: TrainingProgress) throws -> Double? {
        guard !(method is SwAV), sampler.validation.contains(where: { !$0.isEmpty }) else { return nil }
        var windowRng = rng.fork(0)
        let windows = sampler.windows(sampler.validation, rng: &windowRng)
        var sum = 0.0, count = 0
        var start = 0
        while start < windows.count {
            let end = min(windows.count, start + batchSize)
            // NT-Xent and InfoNCE need at least two windows in a batch.
            if end - start < 2 { break }
            let x = sampler.batch(windows[start..<end])
            var viewRng = rng.fork(start + 1)
            let batchViews = try TrainingData.views(of: x, augmentation: augmentation, count: views, rng: &viewRng)
            let loss: Float = withoutGrad {
                var ctx = ForwardContext(training: false, rng: rng.fork(-start - 1))
                return method.loss(views: batchViews, progress: progress, &ctx).value.scalars[0]
            }
            sum += Double(loss) * Double(end - start)
            count += end - start
            start = end
        }
        return count > 0 ? sum / Double(count) : nil
    }
}

extension SeededGenerator {
    /// A seed drawn from this generator's stream (for components that take a seed).
    var seedValue: UInt64 {
        var g = self
        return g.next()
    }
}

/// A per-epoch schedule stretched over the steps of each epoch (BYOL's LinearWarmupCosineAnnealing).
struct EpochSchedule: LearningRateSchedule {
    let inner: any LearningRateSchedule
    let stepsPerEpoch: Int

    func factor(step: Int) -> Double { inner.factor(step: step / max(stepsPerEpoch, 1)) }
}
