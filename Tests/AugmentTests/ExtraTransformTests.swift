import XCTest
import Augment
import TensorCore

final class ExtraTransformTests: XCTestCase {
    func testNegationAndNormalize() throws {
        let input = TestWindow.random(seed: 2)
        XCTAssertEqual(applied(try makeTransform("Negation"), to: input, seed: 0).x, input.x.map { -$0 })
        let n = applied(try makeTransform("Normalize"), to: input, seed: 0)
        for c in 0..<12 {
            for i in stride(from: 0, to: 250, by: 17) {
                XCTAssertEqual(n[c, i], (input[c, i] - Normalize.mean[c]) / Normalize.std[c], accuracy: 1e-6)
            }
        }
        XCTAssertEqual(Normalize.std[1], 0.1647168)
        XCTAssertThrowsError(try makeTransform("Normalize").validate(leads: 3, length: 250))
    }

    func testTimeWarpIsAMonotoneMapSharedByAllLeads() throws {
        let transform = try makeTransform("TW")
        for seed in 0..<50 as Range<UInt64> {
            let signal = TestWindow.random(leads: 4, length: 250, seed: seed)
            var input = signal
            for i in 0..<250 { input.x[i] = Float(i) }
            let out = applied(transform, to: input, seed: seed)
            let u = Array(out.lead(0))
            XCTAssertEqual(u[0], 0); XCTAssertEqual(u[249], 249, accuracy: 1e-4)
            for i in 1..<250 { XCTAssertGreaterThan(u[i], u[i - 1]) }
            XCTAssertGreaterThan(zip(u, 0..<250).map { abs($0 - Float($1)) }.max()!, 0.5, "seed \(seed): not warped")
            for c in 1..<4 {
                for i in 0..<250 {
                    let j = min(Int(u[i]), 248), w = u[i] - Float(j)
                    XCTAssertEqual(out[c, i], signal[c, j] + w * (signal[c, j + 1] - signal[c, j]), accuracy: 1e-4)
                }
            }
        }
    }

    func testDownSampleKeepsIntRatioTPlusOneSamplesAndInterpolatesTheRest() throws {
        let transform = try makeTransform("DownSample")
        for seed in 0..<50 as Range<UInt64> {
            var input = TestWindow.random(leads: 3, length: 250, seed: seed)
            for i in 0..<250 { input.x[i] = Float(i) * 0.5 }
            let out = applied(transform, to: input, seed: seed)
            // A straight line is its own linear interpolation.
            for i in 0..<250 { XCTAssertEqual(out[0, i], input[0, i], accuracy: 1e-4) }
            let kept = (0..<250).filter { out[1, $0] == input[1, $0] }
            XCTAssertGreaterThanOrEqual(kept.count, 201, "seed \(seed)")
            XCTAssertLessThan(kept.count, 250, "seed \(seed)")
            XCTAssertTrue(kept.contains(0) && kept.contains(249))
        }
    }
}
