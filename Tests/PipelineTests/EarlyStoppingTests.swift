@testable import Pipeline
import XCTest

/// The stopping rule of evaluation phases, on hand-made validation curves.
final class EarlyStoppingTests: XCTestCase {
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
}
