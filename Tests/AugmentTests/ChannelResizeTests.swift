import XCTest
import Foundation
import Augment
import TensorCore

final class ChannelResizeTests: XCTestCase {
    func testPerLeadFactorInRangeWithUniformLog() throws {
        let transform = try makeTransform("ChR")
        let input = TestWindow(leads: 12, length: 20) { _, _ in 1 }
        var logs: [Double] = []
        for seed in 0..<2000 as Range<UInt64> {
            let out = applied(transform, to: input, seed: seed)
            for c in 0..<12 {
                let f = out[c, 0]
                XCTAssertTrue(out.lead(c).allSatisfy { $0 == f }, "one factor per lead")
                XCTAssertTrue(f >= 0.5 && f <= 2, "factor \(f)")
                logs.append(log(Double(f)))
            }
        }
        let d = ksDistanceToUniform(logs, log(0.5), log(2))
        // 99.9 % KS critical value for n = 24000 is 1.95 / sqrt(n) = 0.0126.
        XCTAssertLessThan(d, 0.0126, "log factor not uniform (KS \(d))")
        // A uniform (not log-uniform) factor on [0.5, 2] fails the same check.
        var g = SeededGenerator(seed: 7)
        let linear = (0..<24000).map { _ in log(g.uniform(0.5, 2)) }
        XCTAssertGreaterThan(ksDistanceToUniform(linear, log(0.5), log(2)), 0.0126)
    }
}
