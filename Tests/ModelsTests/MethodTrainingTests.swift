import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// A few dozen steps of each method on one fixed batch must reduce its loss.
final class MethodTrainingTests: XCTestCase {
    private func assertDecreases(_ losses: [Float], _ method: String, by fraction: Float = 0.2,
                                 file: StaticString = #filePath, line: UInt = #line) {
        let first = losses.prefix(3).reduce(0, +) / 3, last = losses.suffix(3).reduce(0, +) / 3
        print("\(method): loss \(losses.first!) → \(losses.last!) over \(losses.count) steps")
        XCTAssertLessThan(last, first - fraction * abs(first), "\(method) losses: \(losses)", file: file, line: line)
    }

    func testSimCLRLearnsAFixedBatch() throws {
        var rng = SeededGenerator(seed: 1)
        var run = PretrainingRun(method: SimCLR(encoder: TrainingFixtures.encoder(seed: 1), rng: &rng),
                                 settings: TrainingFixtures.adam, totalSteps: 30, seed: 1)
        let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 2), count: 2, seed: 3)
        assertDecreases(try (0..<30).map { _ in try run.step(views: views, epoch: 0) }, "SimCLR")
    }

    func testBYOLLearnsAFixedBatch() throws {
        var rng = SeededGenerator(seed: 4)
        var run = PretrainingRun(method: BYOL(encoder: TrainingFixtures.encoder(seed: 4), rng: &rng),
                                 settings: TrainingFixtures.adam, totalSteps: 30, seed: 4)
        let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 5), count: 2, seed: 6)
        // BYOL's loss lives in [−4, 4]; it falls towards −4 as predictions align with the target.
        assertDecreases(try (0..<30).map { _ in try run.step(views: views, epoch: 0) }, "BYOL", by: 0.3)
    }

    func testSwAVLearnsAFixedBatch() throws {
        var rng = SeededGenerator(seed: 7)
        let swav = SwAV(encoder: TrainingFixtures.encoder(seed: 7), viewCount: 3, hidden: 64, outDim: 16, prototypeCount: 20, rng: &rng)
        var run = PretrainingRun(method: swav, settings: TrainingFixtures.adam, totalSteps: 30, seed: 7)
        let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 8), count: 3, seed: 9)
        // Epoch 1: past the epoch in which the prototypes are frozen.
        assertDecreases(try (0..<30).map { _ in try run.step(views: views, epoch: 1) }, "SwAV", by: 0.1)
    }

    func testCPCLearnsAFixedBatch() throws {
        var rng = SeededGenerator(seed: 10)
        let cpc = CPC(model: CPCModel(hidden: 32, rng: &rng), steps: 12, negatives: 16)
        var run = PretrainingRun(method: cpc, settings: OptimizerSettings(kind: .adamw, learningRate: 3e-3, weightDecay: 1e-3),
                                 totalSteps: 30, seed: 10)
        let x = TrainingFixtures.windows(seed: 11, length: 40)
        assertDecreases(try (0..<30).map { _ in try run.step(views: [x], epoch: 0) }, "CPC")
    }

    func testSupervisedClassifierLearnsAFixedBatch() throws {
        var rng = SeededGenerator(seed: 12)
        let model = XResNetClassifier(encoder: TrainingFixtures.encoder(seed: 12), classes: 5, rng: &rng)
        var run = ClassifierRun(model: model, trainable: model.namedVariables, settings: TrainingFixtures.adam, totalSteps: 30, seed: 12)
        let x = TrainingFixtures.windows(seed: 13)
        let targets = Tensor(shape: [8, 5], scalars: (0..<40).map { _ in Float(rng.int(below: 2)) })
        assertDecreases(try (0..<30).map { _ in try run.step(x, targets: targets, epoch: 0) }, "supervised")
    }

    func testCPCClassifierTrainsOnlyItsHeadWhenAskedAndKeepsBNFrozen() throws {
        var rng = SeededGenerator(seed: 14)
        let cpc = CPCModel(hidden: 32, rng: &rng)
        let model = CPCClassifier(cpc: cpc, head: .linear, classes: 3, freezeBackboneStatistics: true, rng: &rng)
        let before = model.backboneVariables.map { $0.variable.value }
        var run = ClassifierRun(model: model, trainable: model.headVariables,
                                settings: OptimizerSettings(kind: .adamw, learningRate: 1e-2, weightDecay: 1e-3), totalSteps: 20, seed: 14)
        let x = TrainingFixtures.windows(seed: 15, length: 30)
        let targets = Tensor(shape: [8, 3], scalars: (0..<24).map { _ in Float(rng.int(below: 2)) })
        assertDecreases(try (0..<20).map { _ in try run.step(x, targets: targets, epoch: 0) }, "CPC linear head", by: 0.05)
        XCTAssertEqual(model.backboneVariables.map { $0.variable.value }, before, "backbone weights or BN statistics changed")
    }

    func testANonFiniteLossThrowsBeforeAnyUpdate() throws {
        var rng = SeededGenerator(seed: 9)
        let layer = Linear(3, 1, rng: &rng)
        let params = layer.namedVariables
        let before = params.map(\.variable.value.scalars)
        var trainer = Trainer(optimizer: TrainingFixtures.adam.makeOptimizer(params), schedule: ConstantSchedule(),
                              totalSteps: 1, seed: 1)
        let x = Variable(Tensor(shape: [1, 3], scalars: [.nan, 0, 0]))
        XCTAssertThrowsError(try trainer.step { ctx in sum(ctx.apply(layer, named: "l", to: x)) }) { error in
            XCTAssertTrue("\(error)".contains("loss is nan at step 0"), "\(error)")
        }
        XCTAssertEqual(params.map(\.variable.value.scalars), before)
        XCTAssertEqual(trainer.progress.step, 0)
    }
}
