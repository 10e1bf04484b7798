import Augment
import Datasets
import ExperimentSpec
import Foundation
import Metrics
import Models
import Report
import TensorCore

/// finetune: the downstream classifier trained end to end (eval.py `--f_epochs`, CPC's head-only
/// then discriminative full finetuning; from random init for the supervised baseline).
public struct FinetuneStage: Stage {
    public let version = 5
    /// The stage.
    public init() {}
    public func run(_ inputs: FinetuneInputs, _ context: StageContext) throws {
        try EvaluationProtocol(context: context, inputs: inputs.evaluation).run()
    }
}

/// linear-eval: a fresh linear head on the frozen encoder, BatchNorm statistics frozen too
/// (eval.py `--linear_evaluation`); on a random-init encoder it is the baseline every gain must beat.
public struct LinearEvalStage: Stage {
    public let version = 5
    /// The stage.
    public init() {}
    public func run(_ inputs: LinearEvalInputs, _ context: StageContext) throws {
        try EvaluationProtocol(context: context, inputs: inputs.evaluation).run()
    }
}

/// The reference's evaluation protocol (docs/method.md §2): random 250-sample training windows,
/// validation/test on strided windows with per-record mean of sigmoid outputs, model selection on
/// the validation macro AUC, test AUC at the selected epoch (the report adds the interval).
struct EvaluationProtocol {
    let context: StageContext
    let inputs: EvaluationInputs
    var mode: EvaluationMode { inputs.mode }

    /// One training phase: epochs at a learning rate over some parameters.
    struct Phase {
        var epochs: Int
        var lr: Double
        var weightDecay: Double
        var headOnly: Bool
        var discriminativeFactor: Double?
        var earlyStopping: Bool
    }

    /// Loop position, best model so far and the curve; saved in every checkpoint.
    struct LoopState: Codable {
        var phase = 0
        var epoch = 0
        var globalEpoch = 0
        var bestTest: [[Double]] = []
        var curve: [EvaluationResult.Epoch] = []
        /// The best epoch so far and the current phase's early stopping (Models' rule).
        var selection = ModelSelection()
        var log = ScalarLog()
    }

    func run() throws {
        let i = inputs
        let data = try EvaluationData(store: context.store(.downstream), labels: i.labels.rawValue,
                                      trainFolds: i.trainFolds, valFold: i.valFold, testFold: i.testFold,
                                      window: i.windowSize, stride: i.windowStride,
                                      normalization: TrainingData.normalization(normalize: i.normalize),
                                      noise: i.noiseLevel > 0 ? try NoiseLevel(i.noiseLevel).pipeline : nil)
        var rng = context.makeGenerator()
        let encoderURL = context.upstream[.encoder]?.appendingPathComponent("encoder.safetensors")
        if case .cpc = i.model.architecture {
            var cpcRng = rng.fork(1)
            let cpc = try ModelFactory.cpcModel(i.model, rng: &cpcRng)
            // A linear probe is the single Linear (the reference's --linear-eval overrides the head flags).
            let model: CPCClassifier
            if case .finetune(_, let h) = i.training {
                model = CPCClassifier(cpc: cpc, hidden: h.hidden, dropout: Float(h.dropout), batchNorm: h.batchNorm,
                                      classes: data.classes.count, rng: &rng)
            } else {
                model = CPCClassifier(cpc: cpc, head: .linear, classes: data.classes.count, freezeBackboneStatistics: true, rng: &rng)
            }
            try trainOrScore(model, data: data, encoder: encoderURL)
        } else {
            // The head settings reach finetune stages only: a linear probe is one fresh Linear layer.
            var hidden: [Int] = []
            if case .finetune(_, let h) = i.training { hidden = h.hidden }
            var encRng = rng.fork(1)
            let encoder = try ModelFactory.xresnet(i.model, rng: &encRng)
            let model = XResNetClassifier(encoder: encoder, classes: data.classes.count, hidden: hidden,
                                          freezeBackboneStatistics: mode == .linear, rng: &rng)
            try trainOrScore(model, data: data, encoder: encoderURL)
        }
    }

    /// Trains, or with a trained upstream entry (noise robustness) only scores it.
    func trainOrScore<M: Classifier>(_ model: M, data: EvaluationData, encoder: URL?) throws {
        if let trained = context.upstream[.trained] { return try scoreTrained(model, data: data, entry: trained) }
        try train(model, data: data, encoder: encoder)
    }

    /// Noise robustness: the model trained and selected on clean data, scored on the noised test
    /// windows (the same corruption for every model, so scores are paired across methods). The
    /// reference scores its last-epoch model on noised fold 9; here it is the model selected on
    /// the clean validation fold, scored on the test fold like every other number.
    func scoreTrained<M: Classifier>(_ model: M, data: EvaluationData, entry: URL) throws {
        try ModelCheckpoint.load(entry.appendingPathComponent("model.safetensors"), into: model.namedVariables)
        var clean = try EvaluationResult.read(from: entry)
        let scores = try score(model, data: data, frozen: nil, records: data.test, seed: 12).scores
        let test = try data.labelsAndIds(data.test)
        clean.noiseLevel = inputs.noiseLevel
        clean.testAUC = ROCAUC.macro(scores: scores, labels: test.labels)
        try clean.write(to: context.output)
        try PredictionTable(classes: data.classes, ids: test.ids, fold: data.testFold, scores: scores, labels: test.labels)
            .write(to: context.output)
        try ("metric,value\ntest_macro_auc,\(clean.testAUC)\nval_macro_auc,\(clean.validationAUC)\n")
            .write(to: context.output.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    }

    /// Linear evaluation's feature grid; nil when the encoder trains.
    var featureStride: Int? {
        if case .linear(let l) = inputs.training { return l.featureStride }
        return nil
    }

    var phases: [Phase] {
        switch inputs.training {
        case .linear(let l):
            return [Phase(epochs: l.epochs, lr: l.lr, weightDecay: l.weightDecay, headOnly: true, discriminativeFactor: nil,
                          earlyStopping: l.earlyStopping)]
        case .finetune(let f, _):
            var out: [Phase] = []
            if f.headEpochs > 0 {
                out.append(Phase(epochs: f.headEpochs, lr: f.headLr, weightDecay: f.weightDecay, headOnly: true, discriminativeFactor: nil,
                                 earlyStopping: f.earlyStopping))
            }
            out.append(Phase(epochs: f.epochs, lr: f.lr, weightDecay: f.weightDecay, headOnly: false,
                             discriminativeFactor: f.discriminativeLr ? f.discriminativeLrFactor : nil,
                             earlyStopping: f.earlyStopping))
            return out
        }
    }

    /// Parameter groups of a phase (Models' grouping, which knows the parameter names).
    static func groups(_ model: some Classifier, phase: Phase) -> [ParameterGroup] {
        model.parameterGroups(lr: Float(phase.lr), weightDecay: Float(phase.weightDecay), headOnly: phase.headOnly,
                              discriminativeFactor: phase.discriminativeFactor)
    }

    func train<M: Classifier>(_ model: M, data: EvaluationData, encoder: URL?) throws {
        if let encoder { try ModelCheckpoint.load(encoder, into: model.backboneVariables) }
        let phases = self.phases
        let batchSize = inputs.batchSize
        let stepsPerEpoch = data.train.count / batchSize
        guard stepsPerEpoch > 0 else {
            throw PipelineError.badInput("evaluation.batch_size \(batchSize) exceeds the \(data.train.count) training records")
        }
        let base = context.makeGenerator().fork(7)
        var state = LoopState()
        var bestValues: [Tensor] = model.namedVariables.map(\.variable.value)
        var run: ClassifierRun<M>? = nil
        func makeRun(_ phase: Phase) -> ClassifierRun<M> {
            // Frozen parameters take no gradient, so the backbone of a head-only phase runs without a tape.
            for v in model.backboneVariables where v.kind == .parameter { v.variable.requiresGrad = !phase.headOnly }
            return ClassifierRun(model: model, trainer: Trainer(optimizer: AdamW(Self.groups(model, phase: phase)),
                                                                schedule: ConstantSchedule(), totalSteps: phase.epochs * stepsPerEpoch,
                                                                seed: base.fork(1000 + state.phase).seedValue))
        }
        if let (url, saved) = context.checkpoints.latest(state: LoopState.self, discarded: context.progress.note) {
            state = saved
            var r = makeRun(phases[state.phase])
            try r.resume(from: url)
            run = r
            let best = try Safetensors.read(url.appendingPathComponent("best.safetensors"))
            bestValues = try model.namedVariables.map { nv in
                guard let t = best.tensors[nv.name] else { throw PipelineError.cache("\(url.path): best.safetensors lacks \(nv.name)") }
                return t.floatTensor
            }
        }
        let totalEpochs = phases.reduce(0) { $0 + $1.epochs }
        // Linear evaluation never changes the backbone (parameters and BatchNorm statistics
        // frozen), so the validation and test windows' representations are computed once.
        let (frozenValidation, frozenTest) = mode == .linear
            ? (try data.windows(data.validation, seed: 11) { Self.evaluate($0, model.representation) },
               try data.windows(data.test, seed: 12) { Self.evaluate($0, model.representation) })
            : (nil, nil)
        // With the encoder frozen its training features are computed once too, on a grid of
        // crop positions (a resumed run recomputes them: they depend on nothing that trains).
        let bank = featureStride.map { stride in
            FeatureBank(store: data.store, records: data.train, length: data.window, stride: stride,
                        normalization: data.normalization) { Self.evaluate($0, model.representation) }
        }
        while state.phase < phases.count {
            let phase = phases[state.phase]
            if run == nil { run = makeRun(phase) }
            if !state.selection.phaseBegun { state.selection.beginPhase(cap: phase.epochs, earlyStopping: phase.earlyStopping) }
            while state.epoch < phase.epochs && !state.selection.stoppedOnPatience {
                var windowRng = base.fork(state.globalEpoch)
                var lossSum = 0.0
                func record(_ loss: Double) {
                    lossSum += loss
                    state.log.step(epoch: state.globalEpoch + 1, [("train/loss", loss), ("train/lr", Double(run!.trainer.optimizer.groups[0].lr))])
                }
                if let bank {
                    let crops = bank.epoch(rng: &windowRng)
                    for b in 0..<(crops.count / batchSize) {
                        let batch = crops[(b * batchSize)..<((b + 1) * batchSize)]
                        let features = bank.gather(batch.map(\.row)), targets = data.targets(batch.map(\.record))
                        run!.trainer.progress.epoch = state.globalEpoch
                        let loss = Double(try run!.trainer.step { ctx in
                            bceWithLogits(model.headLogits(Variable(features), &ctx), targets: targets)
                        })
                        record(loss)
                    }
                } else {
                    let windows = data.store.randomWindows(records: data.train, length: data.window, rng: &windowRng)
                    for batch in data.store.batches(windows, size: batchSize, length: data.window, dropLast: true,
                                                    normalization: data.normalization) {
                        let loss = Double(try run!.step(batch.signals, targets: data.targets(batch.records), epoch: state.globalEpoch))
                        record(loss)
                    }
                }
                let validation = try score(model, data: data, frozen: frozenValidation, records: data.validation, seed: 11)
                let valAUC = ROCAUC.macro(scores: validation.scores, labels: validation.labels)
                if state.selection.record(valAUC, epoch: state.globalEpoch + 1) {
                    state.bestTest = try score(model, data: data, frozen: frozenTest, records: data.test, seed: 12).scores
                    bestValues = model.namedVariables.map(\.variable.value)
                }
                state.curve.append(.init(phase: state.phase, epoch: state.globalEpoch + 1,
                                         trainLoss: lossSum / Double(stepsPerEpoch), validationAUC: valAUC))
                state.log.epoch(state.globalEpoch + 1, [("val/macro_auc", valAUC), ("val/loss", ValidationLoss.recordBCE(validation)),
                                                        ("train/epoch_loss", lossSum / Double(stepsPerEpoch))])
                state.epoch += 1
                state.globalEpoch += 1
                context.progress.update(done: state.globalEpoch, total: totalEpochs,
                                        note: String(format: "epoch %d val AUC %.4f (best %.4f)", state.globalEpoch, valAUC, state.selection.bestScore))
                let finished = state.phase == phases.count - 1 && (state.epoch == phase.epochs || state.selection.stoppedOnPatience)
                // Every `checkpoint_every` optimizer steps, at the epoch end after it: a checkpoint
                // holds the whole model, and a linear probe's epoch takes milliseconds.
                let steps = state.globalEpoch * stepsPerEpoch
                if !finished && context.checkpoints.isDue(from: steps - stepsPerEpoch, to: steps) {
                    let (s, r, bv) = (state, run!, bestValues)
                    try context.checkpoints.save(step: state.globalEpoch) { dir in
                        try r.save(to: dir)
                        try JSONEncoder().encode(s).write(to: dir.appendingPathComponent("loop.json"))
                        try Self.writeSnapshot(model, values: bv, to: dir.appendingPathComponent("best.safetensors"))
                        try ScalarLogFiles.writeCheckpoint(s.log, inputs: inputs, to: dir)
                    }
                }
            }
            // The next phase starts from the best model so far (eval.py reloads its best head).
            for (nv, v) in zip(model.namedVariables, bestValues) { nv.variable.value = v }
            if state.phase == phases.count - 1 { break }
            state.phase += 1
            state.epoch = 0
            state.selection.endPhase()
            run = nil
        }
        try writeArtifacts(model, data: data, state: state, bestValues: bestValues)
        try ScalarLogFiles.finish(state.log, inputs: inputs, context: context)
    }

    /// Validation or test scores of the current model: from precomputed representations when
    /// the backbone is frozen, else from the windows' signals (batch by batch, keeping only logits).
    func score<M: Classifier>(_ model: M, data: EvaluationData, frozen: WindowBatches?, records: [Int],
                              seed: Int) throws -> (scores: [[Double]], labels: [[Bool]]) {
        if let frozen { return try data.score(frozen) { Self.evaluate($0, model.headLogits) } }
        return try data.score(try data.windows(records, seed: seed) { Self.evaluate($0, model.logits) }) { $0 }
    }

    /// `f` in evaluation mode (BatchNorm running statistics, no dropout) on a plain tensor.
    static func evaluate(_ x: Tensor, _ f: (Variable, inout ForwardContext) -> Variable) -> Tensor {
        var ctx = ForwardContext(training: false)
        return f(Variable(x), &ctx).value
    }

    static func writeSnapshot(_ model: some Classifier, values: [Tensor], to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        for (nv, v) in zip(model.namedVariables, values) { tensors[nv.name] = v }
        try Safetensors.write(SafetensorsArchive(floatTensors: tensors), to: url)
    }

    func writeArtifacts<M: Classifier>(_ model: M, data: EvaluationData, state: LoopState, bestValues: [Tensor]) throws {
        let out = context.output
        for (nv, v) in zip(model.namedVariables, bestValues) { nv.variable.value = v }
        try ModelCheckpoint.save(model.backboneVariables, to: out.appendingPathComponent("encoder.safetensors"))
        try ModelCheckpoint.save(model.namedVariables, to: out.appendingPathComponent("model.safetensors"))
        let test = try data.labelsAndIds(data.test)
        let labels = test.labels
        let testAUC = ROCAUC.macro(scores: state.bestTest, labels: labels)
        let lastPhase = state.curve.filter { $0.phase == state.phase }.map(\.validationAUC)
        try EvaluationResult(mode: mode, labelSet: data.labels, classes: data.classes, trainFolds: inputs.trainFolds,
                             noiseLevel: inputs.noiseLevel, trainRecords: data.train.count, testRecords: labels.count,
                             testAUC: testAUC,
                             validationAUC: state.selection.bestScore, selectedEpoch: state.selection.bestEpoch,
                             stop: state.selection.stoppedOnPatience ? .patience : .cap,
                             settled: state.selection.stoppedOnPatience || EarlyStopping.settled(lastPhase), curve: state.curve)
            .write(to: out)
        var curve = "phase,epoch,train_loss,val_macro_auc\n"
        for c in state.curve { curve += "\(c.phase),\(c.epoch),\(c.trainLoss),\(c.validationAUC)\n" }
        try curve.write(to: out.appendingPathComponent("curve.csv"), atomically: true, encoding: .utf8)
        try PredictionTable(classes: data.classes, ids: test.ids, fold: data.testFold, scores: state.bestTest, labels: labels)
            .write(to: out)
        try ("metric,value\ntest_macro_auc,\(testAUC)\nval_macro_auc,\(state.selection.bestScore)\nselected_epoch,\(state.selection.bestEpoch)\n")
            .write(to: out.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    }
}

/// The downstream store split by folds, with labels and the window settings of evaluation.
struct EvaluationData {
    let store: Store
    let labels: String
    let classes: [String]
    let train: [Int]
    let validation: [Int]
    let test: [Int]
    let testFold: Int
    let window: Int
    let stride: Int
    let normalization: LeadNormalization?
    let noise: AugmentationPipeline?
    private let rows: [Int: [Float]]

    init(store: Store, labels: String, trainFolds: Int, valFold: Int, testFold: Int, window: Int, stride: Int,
         normalization: LeadNormalization?, noise: AugmentationPipeline?) throws {
        self.store = store
        self.labels = labels
        classes = try store.classes(labels)
        let usable: ([Int]) -> [Int] = { $0.filter { store.index.records[$0].length >= window } }
        train = usable(try store.records(inFolds: Set(1...trainFolds), withLabelsIn: labels))
        validation = usable(try store.records(inFolds: [valFold], withLabelsIn: labels))
        test = usable(try store.records(inFolds: [testFold], withLabelsIn: labels))
        for (name, set) in [("training (folds 1...\(trainFolds))", train), ("validation (fold \(valFold))", validation),
                            ("test (fold \(testFold))", test)] where set.isEmpty {
            throw PipelineError.badInput("\(store.directory.path): no \(name) record with '\(labels)' labels of at least \(window) samples")
        }
        self.testFold = testFold
        self.window = window
        self.stride = stride
        self.normalization = normalization
        self.noise = noise
        let m = try store.labelMatrix(labels, records: train)
        let c = classes.count
        var rows: [Int: [Float]] = [:]
        for (k, r) in train.enumerated() { rows[r] = Array(m.scalars[(k * c)..<((k + 1) * c)]) }
        self.rows = rows
    }

    /// Multi-hot targets [B, classes] of training windows' records.
    func targets(_ records: [Int]) -> Tensor {
        Tensor(shape: [records.count, classes.count], scalars: records.flatMap { rows[$0]! })
    }

    func labelsAndIds(_ records: [Int]) throws -> (labels: [[Bool]], ids: [String]) {
        let m = try store.labelMatrix(labels, records: records)
        let c = classes.count
        return ((0..<records.count).map { k in (0..<c).map { m.scalars[k * c + $0] > 0.5 } },
                records.map { store.index.records[$0].id })
    }

    /// The strided windows of `records` in batches, each batch's signals mapped by `transform`
    /// without a tape; with a noise level the windows are corrupted first, identically every time.
    func windows(_ records: [Int], seed: Int, _ transform: (Tensor) -> Tensor) throws -> WindowBatches {
        var out = WindowBatches(records: records, inputs: [], owners: [])
        let noiseRng = SeededGenerator(seed: UInt64(seed))
        let all = store.stridedWindows(records: records, length: window, stride: stride)
        for (b, batch) in store.batches(all, size: 256, length: window, normalization: normalization).enumerated() {
            var x = batch.signals
            if let noise {
                var r = noiseRng.fork(b)
                try noise.augment(batch: &x, rng: &r)
            }
            out.inputs.append(withoutGrad { transform(x) })
            out.owners += batch.records
        }
        return out
    }

    /// Per-record mean of the windows' sigmoid outputs (rows in `records` order) and their labels,
    /// `logits` mapping one batch of `windows`' inputs.
    func score(_ windows: WindowBatches, _ logits: (Tensor) -> Tensor) throws -> (scores: [[Double]], labels: [[Bool]]) {
        var windowScores: [[Double]] = []
        for x in windows.inputs {
            let p = withoutGrad { TensorMath.mapVector(logits(x), VectorMath.sigmoid) }
            let c = p.shape[1]
            for k in 0..<p.shape[0] { windowScores.append((0..<c).map { Double(p.scalars[k * c + $0]) }) }
        }
        let agg = Aggregation.meanPerRecord(windowScores: windowScores, recordOfWindow: windows.owners)
        precondition(agg.records == windows.records, "every scored record has at least one window, in order")
        return (agg.scores, try labelsAndIds(agg.records).labels)
    }
}

/// Evaluation windows of some records, batched: what a model made of them (frozen features or
/// logits) and the record each window belongs to.
struct WindowBatches {
    let records: [Int]
    var inputs: [Tensor]
    var owners: [Int]
}
