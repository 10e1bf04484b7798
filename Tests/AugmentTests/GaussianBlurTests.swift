import XCTest
import Foundation
import Augment
import TestSupport

final class GaussianBlurTests: XCTestCase {
    func testEqualsFiveTapKernelWithZeroPadding() throws {
        let input = TestWindow.random(leads: 12, length: 250, seed: 3)
        let out = applied(try makeTransform("GB"), to: input, seed: 0)
        let k = [0.1, 0.2, 0.4, 0.2, 0.1]
        for c in 0..<12 {
            let error = (0..<250).map { i -> Double in
                var e = 0.0
                for j in -2...2 where i + j >= 0 && i + j < 250 { e += k[j + 2] * Double(input[c, i + j]) }
                return abs(Double(out[c, i]) - e)
            }.max()!
            XCTAssertLessThan(error, 1e-6, "lead \(c)")
        }
    }

    func testMatchesNumpyConvolution() throws {
        let input = TestWindow.random(leads: 3, length: 40, seed: 5)
        let out = applied(try makeTransform("GaussianBlur"), to: input, seed: 0)
        let script = """
        import sys, numpy as np
        x = np.array([float(v) for v in sys.argv[1].split(',')], dtype=np.float32).reshape(3, 40)
        k = np.array([0.1, 0.2, 0.4, 0.2, 0.1], dtype=np.float32)
        y = np.stack([np.convolve(row, k, mode='same') for row in x])
        print(','.join(repr(float(v)) for v in y.ravel()))
        """
        let text = try PythonOracle.run(script, arguments: [input.x.map { "\($0)" }.joined(separator: ",")])
        let expected = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { Double($0)! }
        XCTAssertEqual(expected.count, out.x.count)
        for (a, b) in zip(out.x, expected) { XCTAssertEqual(Double(a), b, accuracy: 1e-6) }
    }
}
