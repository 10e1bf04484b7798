import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// The thread rule at the level of a whole training step: work divides into chunks whose
/// boundaries depend on the problem size alone, so 1, 2, 3 and 4 threads (the last two
/// oversubscribed on a 2-core machine) give bitwise the same parameters after a step.
final class ThreadCountTests: XCTestCase {
    /// Every parameter's values after `body` trains from generator seed 9.
    private func parameters(_ body: (inout SeededGenerator) throws -> [NamedVariable]) rethrows -> [[Float]] {
        var rng = SeededGenerator(seed: 9)
        return try body(&rng).map(\.variable.value.scalars)
    }

    func testSimCLRStepIsBitwiseIndependentOfThreadCount() throws {
        func train(_ rng: inout SeededGenerator) throws -> [NamedVariable] {
            var run = PretrainingRun(method: SimCLR(encoder: TrainingFixtures.encoder(seed: 1), rng: &rng),
                                     settings: TrainingFixtures.adam, totalSteps: 3, seed: 1)
            let views = TrainingFixtures.views(of: TrainingFixtures.windows(seed: 2), count: 2, seed: 3)
            for _ in 0..<2 { _ = try run.step(views: views, epoch: 0) }
            return run.method.namedVariables
        }
        XCTAssertFalse(try assertSameBitsAtEveryThreadCount { try parameters(train) }.isEmpty)
    }

    func testCPCStepIsBitwiseIndependentOfThreadCount() throws {
        func train(_ rng: inout SeededGenerator) throws -> [NamedVariable] {
            // The demo's LSTM width and batch, so the recurrence splits its rows across threads.
            var run = PretrainingRun(method: CPC(model: CPCModel(hidden: 128, rng: &rng), negatives: 16),
                                     settings: TrainingFixtures.adam, totalSteps: 3, seed: 1)
            let x = TrainingFixtures.windows(seed: 4, batch: 64, length: 60)
            for _ in 0..<2 { _ = try run.step(views: [x], epoch: 0) }
            return run.method.namedVariables
        }
        XCTAssertFalse(try assertSameBitsAtEveryThreadCount { try parameters(train) }.isEmpty)
    }
}
