import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

final class CheckpointTests: XCTestCase {
    private func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("models-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Runs `steps` steps of a fresh run, saving after `saveAfter` of them when given.
    private func losses<M: PretrainingMethod>(_ make: () -> M, views: [Tensor], steps: Range<Int>, epoch: Int = 0,
                                              saveTo dir: URL? = nil, resumeFrom: URL? = nil) throws -> [Float] {
        var run = PretrainingRun(method: make(), settings: OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-2,
                                                                             warmupSteps: 2, cosine: true),
                                 totalSteps: 6, seed: 99)
        if let resumeFrom { try run.resume(from: resumeFrom) }
        let out = try steps.map { _ in try run.step(views: views, epoch: epoch) }
        if let dir { try run.save(to: dir) }
        return out
    }

    private func assertResumesExactly<M: PretrainingMethod>(_ name: String, epoch: Int = 0, viewCount: Int,
                                                            length: Int = TrainingFixtures.length, _ make: @escaping (UInt64) -> M) throws {
        let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 1, length: length), count: viewCount, seed: 2)
        let straight = try losses({ make(5) }, views: views, steps: 0..<6, epoch: epoch)
        let dir = try tempDir()
        let firstHalf = try losses({ make(5) }, views: views, steps: 0..<3, epoch: epoch, saveTo: dir)
        // The resumed run starts from a differently initialised model: everything must come from the files.
        let secondHalf = try losses({ make(77) }, views: views, steps: 3..<6, epoch: epoch, resumeFrom: dir)
        XCTAssertEqual(firstHalf + secondHalf, straight, "\(name): resumed losses differ from the uninterrupted run")
    }

    func testSimCLRResumesExactly() throws {
        try assertResumesExactly("SimCLR", viewCount: 2) { seed in
            var rng = SeededGenerator(seed: seed)
            return SimCLR(encoder: TrainingFixtures.encoder(seed: seed), rng: &rng)
        }
    }

    func testBYOLResumesExactlyWithItsTarget() throws {
        try assertResumesExactly("BYOL", viewCount: 2) { seed in
            var rng = SeededGenerator(seed: seed)
            return BYOL(encoder: TrainingFixtures.encoder(seed: seed), rng: &rng)
        }
    }

    func testSwAVResumesExactlyWithItsQueue() throws {
        try assertResumesExactly("SwAV", epoch: 2, viewCount: 3) { seed in
            var rng = SeededGenerator(seed: seed)
            return SwAV(encoder: TrainingFixtures.encoder(seed: seed), viewCount: 3, hidden: 32, outDim: 8, prototypeCount: 10,
                        queueLength: 16, queueStartEpoch: 0, rng: &rng)
        }
    }

    func testCPCResumesExactlyWithItsNegativeStream() throws {
        try assertResumesExactly("CPC", viewCount: 1, length: 30) { seed in
            var rng = SeededGenerator(seed: seed)
            return CPC(model: CPCModel(hidden: 16, rng: &rng), steps: 12, negatives: 8)
        }
    }

    func testClassifierResumesExactlyIncludingDropout() throws {
        var rng = SeededGenerator(seed: 3)
        let x = TrainingFixtures.windows(seed: 4, length: 30)
        let targets = Tensor(shape: [8, 4], scalars: (0..<32).map { _ in Float(rng.int(below: 2)) })
        func run(_ seed: UInt64, _ steps: Int, save: URL? = nil, resume: URL? = nil) throws -> [Float] {
            var r = SeededGenerator(seed: seed)
            let model = CPCClassifier(cpc: CPCModel(hidden: 16, rng: &r), head: .finetune, classes: 4, rng: &r)
            var training = ClassifierRun(model: model, trainable: model.namedVariables, settings: TrainingFixtures.adam,
                                         totalSteps: 6, seed: 8)
            if let resume { try training.resume(from: resume) }
            let out = try (0..<steps).map { _ in try training.step(x, targets: targets, epoch: 0) }
            if let save { try training.save(to: save) }
            return out
        }
        let dir = try tempDir()
        XCTAssertEqual(try run(1, 3, save: dir) + run(2, 3, resume: dir), try run(1, 6))
    }

    func testSaveLoadGivesIdenticalOutputs() throws {
        var rng = SeededGenerator(seed: 5)
        let a = XResNetClassifier(encoder: XResNet1d(depth: .d50, rng: &rng), classes: 71, rng: &rng)
        var ctx = ForwardContext(training: true)
        let x = Variable(TrainingFixtures.windows(seed: 6, batch: 2, length: 250))
        _ = withoutGrad { a.logits(x, &ctx) }  // move BN running statistics off their initial values
        let url = try tempDir().appendingPathComponent("m.safetensors")
        try ModelCheckpoint.save(a.namedVariables, to: url)
        var other = SeededGenerator(seed: 6)
        let b = XResNetClassifier(encoder: XResNet1d(depth: .d50, rng: &other), classes: 71, rng: &other)
        try ModelCheckpoint.load(url, into: b.namedVariables)
        var eval = ForwardContext(training: false)
        let (ya, yb) = withoutGrad { (a.logits(x, &eval).value, b.logits(x, &eval).value) }
        XCTAssertEqual(ya, yb)
    }

    func testLoadingIntoAnotherShapeNamesTheTensorAndBothShapes() throws {
        var rng = SeededGenerator(seed: 7)
        let encoder = XResNet1d(depth: .d18, rng: &rng)
        let a = XResNetClassifier(encoder: encoder, classes: 71, rng: &rng)
        let url = try tempDir().appendingPathComponent("m.safetensors")
        try ModelCheckpoint.save(a.namedVariables, to: url)
        let b = XResNetClassifier(encoder: XResNet1d(depth: .d18, rng: &rng), classes: 5, rng: &rng)
        let before = b.namedVariables.map { $0.variable.value }
        XCTAssertThrowsError(try ModelCheckpoint.load(url, into: b.namedVariables)) { error in
            XCTAssertEqual("\(error)", "\(url.path): tensor 'head.weight' has shape [71, 128] in the file but [5, 128] in the model; "
                                     + "tensor 'head.bias' has shape [71] in the file but [5] in the model")
        }
        XCTAssertEqual(b.namedVariables.map { $0.variable.value }, before, "a failed load must change nothing")
        let eightLeads = XResNetClassifier(encoder: XResNet1d(depth: .d18, inputChannels: 8, rng: &rng), classes: 71, rng: &rng)
        XCTAssertThrowsError(try ModelCheckpoint.load(url, into: eightLeads.namedVariables)) { error in
            XCTAssertTrue("\(error)".contains("tensor 'encoder.features.0.0.weight' has shape [32, 12, 5] in the file but [32, 8, 5] in the model"), "\(error)")
        }
        // Missing and unexpected tensors.
        XCTAssertThrowsError(try ModelCheckpoint.load(url, into: a.namedVariables + [NamedVariable("extra", Variable(Tensor(1)), .buffer)])) {
            XCTAssertTrue("\($0)".contains("tensor 'extra' is missing"), "\($0)")
        }
        XCTAssertThrowsError(try ModelCheckpoint.load(url, into: Array(a.namedVariables.dropLast()))) {
            XCTAssertTrue("\($0)".contains("tensor 'head.bias' is not part of the model"), "\($0)")
        }
    }

    func testBackboneTransfersFromAPretrainingCheckpoint() throws {
        var rng = SeededGenerator(seed: 9)
        let simclr = SimCLR(encoder: TrainingFixtures.encoder(seed: 9), rng: &rng)
        let url = try tempDir().appendingPathComponent("pretrained.safetensors")
        try ModelCheckpoint.save(simclr.namedVariables, to: url)
        let classifier = XResNetClassifier(encoder: TrainingFixtures.encoder(seed: 10), classes: 3, rng: &rng)
        try ModelCheckpoint.load(url, into: classifier.backboneVariables, allowUnused: true)
        XCTAssertEqual(classifier.backboneVariables.map { $0.variable.value }, simclr.backboneVariables.map { $0.variable.value })
    }

    func testBYOLTargetMovesByExactlyTheEMARule() throws {
        var rng = SeededGenerator(seed: 11)
        let byol = BYOL(encoder: TrainingFixtures.encoder(seed: 11), rng: &rng)
        let target = byol.auxiliaryState
        XCTAssertEqual(target.count, byol.encoder.namedVariables.count + byol.projector.namedVariables.count)
        XCTAssertTrue(target.allSatisfy { $0.kind != .parameter })
        var run = PretrainingRun(method: byol, settings: TrainingFixtures.adam, totalSteps: 10, seed: 11)
        let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 12), count: 2, seed: 13)
        let online = byol.namedVariables.filter { !$0.name.hasPrefix("predictor.") }
        let initialBias = target.first { $0.name == "target.encoder.features.0.0.bias" }!.variable.value
        for step in 0..<3 {
            let targetBefore = target.map { $0.variable.value }
            try run.step(views: views, epoch: 0)
            let tau = 1 - (1 - 0.996) * (cos(Double.pi * Double(step) / 10) + 1) / 2
            XCTAssertEqual(byol.tau(step: step, totalSteps: 10), tau, accuracy: 1e-15)
            for ((t, o), before) in zip(zip(target, online), targetBefore) where o.kind == .parameter {
                XCTAssertEqual(t.name, "target." + o.name)
                let expected = zip(before.scalars, o.variable.value.scalars).map { Float(tau) * $0 + (1 - Float(tau)) * $1 }
                XCTAssertEqual(t.variable.value.scalars, expected, "\(t.name) at step \(step)")
            }
        }
        // Biases follow the EMA too (the reference left them at their initial values).
        XCTAssertNotEqual(target.first { $0.name == "target.encoder.features.0.0.bias" }!.variable.value, initialBias)
        // The target's BN statistics come from its own forward passes: they moved from their initial values.
        XCTAssertNotEqual(target.first { $0.name == "target.encoder.features.0.1.running_mean" }!.variable.value, Tensor.zeros([32]))
    }
}
