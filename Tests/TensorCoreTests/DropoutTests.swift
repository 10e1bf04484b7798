import XCTest
import TensorCore
import TestSupport

final class DropoutTests: XCTestCase {
    func testDropout() {
        let x = GradCheck.param([4, 50], seed: 3)
        var rng = SeededGenerator(seed: 1)
        XCTAssertTrue(dropout(x, p: 0.5, training: false, rng: &rng) === x)
        let y = dropout(x, p: 0.5, training: true, rng: &rng)
        let zeros = y.value.scalars.filter { $0 == 0 }.count
        XCTAssertTrue((60...140).contains(zeros), "about half dropped, got \(zeros)")
        for i in 0..<x.value.count where y.value.scalars[i] != 0 {
            XCTAssertEqual(y.value.scalars[i], 2 * x.value.scalars[i])
        }
        let r = GradCheck.check([x]) { v in var g = SeededGenerator(seed: 9); return dropout(v[0], p: 0.3, training: true, rng: &g) }
        XCTAssertLessThan(r.maxError, 1e-2, "dropout: \(r)")
    }
}
