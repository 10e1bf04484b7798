import XCTest
@testable import Metrics
import TensorCore
import TestSupport

final class ROCAUCTests: XCTestCase {
    func testHandComputed() {
        // Positives 0.8, 0.4; negatives 0.5, 0.1: pairs (0.8>0.5, 0.8>0.1, 0.4<0.5, 0.4>0.1) → 3/4.
        XCTAssertEqual(ROCAUC.binary(scores: [0.8, 0.5, 0.4, 0.1], labels: [true, false, true, false]), 0.75)
        // A tie between a positive and a negative counts one half: (1 + 0.5) / 2.
        XCTAssertEqual(ROCAUC.binary(scores: [0.9, 0.3, 0.3], labels: [true, true, false]), 0.75)
        XCTAssertNil(ROCAUC.binary(scores: [0.1, 0.2], labels: [true, true]))
    }

    func testDegenerateClassCountsOneHalf() {
        let scores: [[Double]] = [[0.9, 0.2], [0.1, 0.7]]
        let labels: [[Bool]] = [[true, false], [false, false]]
        XCTAssertEqual(ROCAUC.macro(scores: scores, labels: labels), (1.0 + 0.5) / 2)
    }

    /// scikit-learn is the independent oracle: random scores with many ties, 7 classes, one of
    /// them degenerate (sklearn refuses it, the reference counts it 0.5).
    func testMatchesScikitLearnWithTiesAndDegenerateClasses() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 300, classes = 7
        var scores: [[Double]] = [], labels: [[Bool]] = []
        for _ in 0..<n {
            scores.append((0..<classes).map { _ in Double(rng.int(0...20)) / 20 })
            labels.append((0..<classes).map { c in c == 6 ? false : rng.uniform() < 0.1 + 0.1 * Double(c) })
        }
        let ours = ROCAUC.macro(scores: scores, labels: labels)
        let fmt: ([[Double]]) -> String = { m in m.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: ";") }
        let script = """
        import sys, numpy as np
        from sklearn.metrics import roc_auc_score
        s = np.array([[float(v) for v in r.split(',')] for r in sys.argv[1].split(';')])
        y = np.array([[float(v) for v in r.split(',')] for r in sys.argv[2].split(';')])
        aucs = [roc_auc_score(y[:, c], s[:, c]) if len(set(y[:, c])) == 2 else 0.5 for c in range(y.shape[1])]
        defined = [c for c in range(y.shape[1]) if len(set(y[:, c])) == 2]
        print(repr(float(np.mean(aucs))))
        print(repr(float(roc_auc_score(y[:, defined], s[:, defined], average='macro'))))
        """
        let out = try PythonOracle.run(script, arguments: [fmt(scores), fmt(labels.map { $0.map { $0 ? 1 : 0 } })])
            .split(separator: "\n").compactMap { Double($0) }
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(ours, out[0], accuracy: 1e-9)
        let definedOurs = (0..<6).map { c in ROCAUC.binary(scores: scores.map { $0[c] }, labels: labels.map { $0[c] })! }
        XCTAssertEqual(definedOurs.reduce(0, +) / 6, out[1], accuracy: 1e-9)
    }
}

final class BootstrapTests: XCTestCase {
    func testIntervalBracketsTheEstimateAndIsSeeded() {
        var rng = SeededGenerator(seed: 1)
        var scores: [[Double]] = [], labels: [[Bool]] = []
        for _ in 0..<200 {
            let y = rng.uniform() < 0.3
            labels.append([y])
            scores.append([rng.normal() + (y ? 1 : 0)])
        }
        let a = Bootstrap.macroAUC(scores: scores, labels: labels, replicates: 200, seed: 7)
        let b = Bootstrap.macroAUC(scores: scores, labels: labels, replicates: 200, seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertLessThan(a.lower, a.value)
        XCTAssertGreaterThan(a.upper, a.value)
        // For n = 200 and AUC ≈ 0.76 the 95 % interval is roughly ±0.07 wide each side.
        XCTAssertGreaterThan(a.upper - a.lower, 0.05)
        XCTAssertLessThan(a.upper - a.lower, 0.3)
    }

    func testQuantileMatchesNumpyLinear() {
        // numpy.quantile([1,2,3,4], 0.25) == 1.75
        XCTAssertEqual(Bootstrap.quantile([1, 2, 3, 4], 0.25), 1.75)
    }
}

final class AggregationTests: XCTestCase {
    func testMeanPerRecord() {
        let r = Aggregation.meanPerRecord(windowScores: [[1, 0], [3, 2], [5, 5]], recordOfWindow: [7, 7, 2])
        XCTAssertEqual(r.records, [7, 2])
        XCTAssertEqual(r.scores, [[2, 1], [5, 5]])
    }
}
