@testable import Metrics
import XCTest

/// Paired differences of two models on the same records.
final class PairedDifferenceTests: XCTestCase {
    static func labels() -> [[Bool]] {
        (0..<40).map { (i: Int) -> [Bool] in [i % 2 == 0, i % 3 == 0] }
    }
    static func modelA() -> [[Double]] {
        (0..<40).map { (i: Int) -> [Double] in
            let first: Double = (i % 2 == 0 ? 0.8 : 0.3) + Double(i) * 0.001
            let second: Double = i % 3 == 0 ? 0.7 : 0.4
            return [first, second]
        }
    }
    static func modelB() -> [[Double]] {
        (0..<40).map { (i: Int) -> [Double] in [Double((i * 7) % 40) / 40, Double((i * 11) % 40) / 40] }
    }
    let labels = labels(), a = modelA(), b = modelB()

    func testPointValueIsTheDifferenceOfTheMacroAUCs() {
        let d = Bootstrap.macroAUCDifference(a, b, labels: labels, replicates: 200, seed: 5)
        XCTAssertEqual(d.value, ROCAUC.macro(scores: a, labels: labels) - ROCAUC.macro(scores: b, labels: labels), accuracy: 1e-12)
        XCTAssertGreaterThan(d.value, 0.2, "model a separates the classes, b does not")
        XCTAssertLessThanOrEqual(d.lower, d.value)
        XCTAssertGreaterThanOrEqual(d.upper, d.value)
    }

    func testAModelAgainstItselfHasAZeroInterval() {
        let d = Bootstrap.macroAUCDifference(a, a, labels: labels, replicates: 100, seed: 1)
        XCTAssertEqual([d.value, d.lower, d.upper], [0, 0, 0])
    }

    /// Pairing: each replicate is the difference of the two models on one resample, the same
    /// resamples `macroAUC` draws with that seed.
    func testReplicatesAreDifferencesOnSharedResamples() {
        var diffs: [Double] = []
        let (labels, a, b) = (self.labels, self.a, self.b)
        _ = Bootstrap.interval(count: 40, replicates: 300, seed: 9) { idx in
            let l = idx.map { labels[$0] }
            let d = ROCAUC.macro(scores: idx.map { a[$0] }, labels: l) - ROCAUC.macro(scores: idx.map { b[$0] }, labels: l)
            diffs.append(d)
            return d
        }
        let sorted = Array(diffs.dropLast().sorted())
        let d = Bootstrap.macroAUCDifference(a, b, labels: labels, replicates: 300, seed: 9)
        XCTAssertEqual(d.lower, Bootstrap.quantile(sorted, 0.025), accuracy: 1e-12)
        XCTAssertEqual(d.upper, Bootstrap.quantile(sorted, 0.975), accuracy: 1e-12)
    }
}
