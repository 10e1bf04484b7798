import XCTest
import Augment

final class EMNoiseTests: XCTestCase {
    func testPerWindowStandardDeviationIsUniformUpToCmax() throws {
        let transform = try makeTransform("EM")
        let zero = TestWindow(leads: 12, length: 250) { _, _ in 0 }
        var stds: [Double] = []
        for seed in 0..<1000 as Range<UInt64> {
            let n = applied(transform, to: zero, seed: seed)
            let s = standardDeviation(n.x.map(Double.init))
            XCTAssertLessThan(s, 0.5 * 1.05)
            stds.append(s)
        }
        // Estimates from 3000 samples are within ~1.3 %; 99.9 % KS critical value 1.95/sqrt(1000).
        XCTAssertLessThan(ksDistanceToUniform(stds, 0, 0.5), 0.062)
        XCTAssertEqual(mean(stds), 0.25, accuracy: 0.015)
    }
}
