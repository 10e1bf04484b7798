import Foundation
import Models
import XCTest

/// The stopping rule and model selection of evaluation phases, on hand-made validation curves.
final class ModelSelectionTests: XCTestCase {
    func testPatienceIsTenEpochsOrTenPercentOfTheCap() {
        XCTAssertEqual(EarlyStopping(cap: 6).patience, 10)
        XCTAssertEqual(EarlyStopping(cap: 100).patience, 10)
        XCTAssertEqual(EarlyStopping(cap: 101).patience, 11)
        XCTAssertEqual(EarlyStopping(cap: 300).patience, 30)
    }

    func testStopsPatienceEpochsAfterTheLastGainOfAtLeastATenthOfAPercent() {
        var rule = EarlyStopping(cap: 50)
        // Epochs 1-3 improve; epoch 4 gains only 0.0005 (not an improvement); then flat.
        let curve = [0.60, 0.65, 0.70, 0.7005] + Array(repeating: 0.69, count: 20)
        var stoppedAt: Int?
        for (i, auc) in curve.enumerated() where rule.record(auc) { stoppedAt = i + 1; break }
        XCTAssertEqual(stoppedAt, 13, "last improvement at epoch 3, then 10 epochs without one")
        XCTAssertEqual(rule.reference, 0.70)
    }

    func testSettledCurves() {
        XCTAssertTrue(EarlyStopping.settled([0.5, 0.6, 0.7, 0.71, 0.712, 0.711, 0.713, 0.712, 0.71, 0.713]))
        XCTAssertFalse(EarlyStopping.settled([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]), "still climbing")
        XCTAssertFalse(EarlyStopping.settled([0.5, 0.6]), "too short to tell")
    }

    /// Two phases (a head-only one to its cap, then one with early stopping): the best epoch is
    /// counted over both, a tie keeps the earlier epoch, and patience starts afresh in phase 2.
    func testSelectionSpansPhasesAndPatienceRestartsPerPhase() {
        var selection = ModelSelection()
        selection.beginPhase(cap: 3, earlyStopping: false)
        let head = [0.60, 0.62, 0.62]
        XCTAssertEqual(head.enumerated().map { selection.record($1, epoch: $0 + 1) }, [true, true, false])
        XCTAssertEqual(selection.bestEpoch, 2, "the tie at epoch 3 keeps epoch 2")
        XCTAssertFalse(selection.stoppedOnPatience)
        selection.endPhase()
        XCTAssertFalse(selection.phaseBegun)

        selection.beginPhase(cap: 50, earlyStopping: true)
        var epoch = 3, stoppedAt: Int?
        for auc in [0.61, 0.70] + Array(repeating: 0.65, count: 20) {
            epoch += 1
            _ = selection.record(auc, epoch: epoch)
            if selection.stoppedOnPatience { stoppedAt = epoch; break }
        }
        XCTAssertEqual(selection.bestEpoch, 5)
        XCTAssertEqual(selection.bestScore, 0.70)
        XCTAssertEqual(stoppedAt, 15, "phase 2's last gain at epoch 5, then 10 epochs without one")
    }

    /// A selection written to a checkpoint and read back continues exactly where it was.
    func testSelectionSurvivesACheckpointRoundTrip() throws {
        var a = ModelSelection()
        a.beginPhase(cap: 20, earlyStopping: true)
        for (i, auc) in [0.5, 0.6, 0.59, 0.58].enumerated() { _ = a.record(auc, epoch: i + 1) }
        var b = try JSONDecoder().decode(ModelSelection.self, from: JSONEncoder().encode(a))
        XCTAssertEqual(a, b)
        for (i, auc) in Array(repeating: 0.55, count: 8).enumerated() {
            XCTAssertEqual(a.record(auc, epoch: i + 5), b.record(auc, epoch: i + 5))
            XCTAssertEqual(a.stoppedOnPatience, b.stoppedOnPatience)
        }
        XCTAssertTrue(b.stoppedOnPatience)
    }
}
