import Foundation
@testable import TensorCore
import XCTest

/// The vectorised exp, sigmoid and tanh against libm (Double precision) over the float range
/// they are used on, including the polynomial/exponential switch of tanh and buffer tails.
final class VectorMathTests: XCTestCase {
    /// Worst error of `f` against `reference`, relative where the value is not tiny.
    private func worstError(_ xs: [Float], _ f: (UnsafeMutablePointer<Float>, Int) -> Void,
                            _ reference: (Double) -> Double) -> Double {
        var ys = xs
        ys.withUnsafeMutableBufferPointer { f($0.baseAddress!, $0.count) }
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let r = reference(Double(x))
            worst = max(worst, abs(Double(y) - r) / max(abs(r), 1e-30))
        }
        return worst
    }

    private var grid: [Float] {
        // Dense over [-20, 20] (uneven count: the last lanes take the tail path), plus extremes.
        stride(from: -20.0 as Float, through: 20, by: 0.0007).map { $0 } + [0, -0, 1e-8, -1e-8, 0.6249, 0.6251, -0.6251, 87, -87, 100, -100]
    }

    func testTanhMatchesLibmWithinAFewUlp() {
        XCTAssertLessThan(worstError(grid, { VectorMath.tanh($0, count: $1) }, Foundation.tanh), 6e-7)
    }

    func testSigmoidMatchesLibmWithinAFewUlp() {
        let xs = grid.filter { abs($0) <= 80 }
        XCTAssertLessThan(worstError(xs, { VectorMath.sigmoid($0, count: $1) }, { 1 / (1 + Foundation.exp(-$0)) }), 6e-7)
    }

    func testExpMatchesLibmWithinAFewUlpAndClampsOutOfRange() {
        let xs = stride(from: -86.0 as Float, through: 87.9, by: 0.013).map { $0 }
        let exp: (UnsafeMutablePointer<Float>, Int) -> Void = { VectorMath.apply($0, count: $1, VectorMath.exp) }
        XCTAssertLessThan(worstError(xs, exp, Foundation.exp), 4e-7)
        var extremes: [Float] = [-200, 200, .greatestFiniteMagnitude]
        extremes.withUnsafeMutableBufferPointer { exp($0.baseAddress!, $0.count) }
        XCTAssertEqual(extremes[0], Float(Foundation.exp(-87.0)), accuracy: 70 * Float.leastNonzeroMagnitude)  // 70 ulps at 1.6e-38
        XCTAssertTrue(extremes[1].isFinite && extremes[1] == extremes[2])
    }

    func testResultsDoNotDependOnWhereABufferIsSplit() {
        let xs = (0..<37).map { Float($0) * 0.31 - 5 }
        var whole = xs, pieces = xs
        whole.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, count: 37) }
        pieces.withUnsafeMutableBufferPointer { p in
            VectorMath.tanh(p.baseAddress!, count: 5)
            VectorMath.tanh(p.baseAddress! + 5, count: 32)
        }
        XCTAssertEqual(whole, pieces)
    }
}
