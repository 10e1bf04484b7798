import XCTest
import Foundation
import TensorCore
import TestSupport

final class ShapeReduceOpsTests: XCTestCase {
    let tol = 1e-2

    func testShapeOpsGradients() {
        let x = GradCheck.param([2, 3, 4], seed: 1), y = GradCheck.param([2, 2, 4], seed: 2)
        let cases: [(String, ([Variable]) -> Variable)] = [
            ("reshape", { reshape($0[0], [6, -1]) }),
            ("permute", { permute($0[0], [2, 0, 1]) }),
            ("transpose", { transpose($0[0], 0, -1) }),
            ("concat", { concat([$0[0], $0[1]], axis: 1) }),
            ("slice", { slice($0[0], axis: 2, range: 1..<3) }),
            ("gather", { gather($0[0], axis: 1, indices: [2, 0, 2, 1]) }),
            ("sum", { sum($0[0]) }),
            ("sum(axes)", { sum($0[0], axes: [0, 2]) }),
            ("mean(axes keep)", { mean($0[0], axes: [-1], keepDims: true) }),
            ("mean", { mean($0[1]) }),
        ]
        for (name, f) in cases {
            let r = GradCheck.check([x, y], f)
            XCTAssertLessThan(r.maxError, tol, "\(name): \(r)")
        }
    }

    func testShapeOpsForwardValues() {
        let x = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(transpose(x, 0, 1).value, Tensor(shape: [3, 2], scalars: [1, 4, 2, 5, 3, 6]))
        XCTAssertEqual(concat([x, x], axis: 1).value.scalars, [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        XCTAssertEqual(slice(x, axis: 1, range: 1..<3).value.scalars, [2, 3, 5, 6])
        XCTAssertEqual(gather(x, axis: 0, indices: [1, 1, 0]).value.scalars, [4, 5, 6, 4, 5, 6, 1, 2, 3])
        XCTAssertEqual(sum(x, axes: [1]).value, Tensor(shape: [2], scalars: [6, 15]))
        XCTAssertEqual(mean(x).value.scalar, 3.5)
        XCTAssertEqual(sum(x).value.shape, [])
    }

    func testLastTwoAxesTransposeFastPath() {
        // Last-two-axes swaps take the tiled path (37×45 spans partial 32-tiles).
        let x = GradCheck.randomTensor([3, 37, 45], seed: 9)
        let fast = permute(Variable(x), [0, 2, 1]).value
        XCTAssertEqual(fast.shape, [3, 45, 37])
        for b in 0..<3 { for i in 0..<37 { for j in 0..<45 {
            XCTAssertEqual(fast.scalars[(b * 45 + j) * 37 + i], x.scalars[(b * 37 + i) * 45 + j])
        } } }
    }

    func testGatherRepeatedIndicesAccumulate() {
        let x = Variable(Tensor(shape: [3], scalars: [1, 2, 3]), requiresGrad: true)
        sum(gather(x, axis: 0, indices: [2, 2, 0])).backward()
        XCTAssertEqual(x.grad?.scalars, [1, 0, 2])
        XCTAssertEqual(TensorMath.scatterAxis(Tensor(shape: [0], scalars: []), into: [3], axis: 0, indices: []).scalars, [0, 0, 0])
        XCTAssertEqual(TensorMath.gatherAxis(x.value, axis: 0, indices: []).shape, [0])
    }

    func testLargeGatherScatterAndRowSumsAreTheSerialLoopsAtEveryThreadCount() {
        // Sizes that cut into many chunks: CPC's picked logits (single scalars), slices of 48, and
        // the column sums and row-vector adds of a 3,000-row, 300-column gradient.
        let saved = Parallel.maxThreads
        defer { Parallel.maxThreads = saved }
        var rng = SeededGenerator(seed: 5)
        let flat = GradCheck.randomTensor([40_000], seed: 11), rows = GradCheck.randomTensor([3_000, 300], seed: 12)
        let picks = (0..<90_000).map { _ in rng.int(below: 40_000) }, slices = (0..<2_000).map { _ in rng.int(below: 3_000) }
        let sliced = GradCheck.randomTensor([3_000, 48], seed: 13), v = GradCheck.randomTensor([300], seed: 14)
        var scattered = [Float](repeating: 0, count: 40_000), sums = [Float](repeating: 0, count: 300)
        for (j, i) in picks.enumerated() { scattered[i] += flat.scalars[j % 40_000] }
        for r in 0..<3_000 { for c in 0..<300 { sums[c] += rows.scalars[r * 300 + c] } }
        let grads = Tensor(shape: [90_000], scalars: (0..<90_000).map { flat.scalars[$0 % 40_000] })
        for threads in [1, 3] {
            Parallel.maxThreads = threads
            XCTAssertEqual(TensorMath.gatherAxis(flat, axis: 0, indices: picks).scalars, picks.map { flat.scalars[$0] })
            XCTAssertEqual(TensorMath.gatherAxis(sliced, axis: 0, indices: slices).scalars,
                           slices.flatMap { Array(sliced.scalars[($0 * 48)..<($0 * 48 + 48)]) })
            XCTAssertEqual(TensorMath.scatterAxis(grads, into: [40_000], axis: 0, indices: picks).scalars, scattered)
            XCTAssertEqual(TensorMath.sumRows(rows, columns: 300).scalars, sums, "threads \(threads)")
            XCTAssertEqual(TensorMath.addRowVector(rows, v).scalars, rows.scalars.indices.map { rows.scalars[$0] + v.scalars[$0 % 300] })
        }
    }

    func testSoftmaxFamilyGradients() {
        let x = GradCheck.param([3, 5], seed: 3)
        for axis in [0, 1] {
            let s = GradCheck.check([x]) { softmax($0[0], axis: axis) }
            XCTAssertLessThan(s.maxError, tol, "softmax axis \(axis): \(s)")
            let l = GradCheck.check([x]) { logSoftmax($0[0], axis: axis) }
            XCTAssertLessThan(l.maxError, tol, "logSoftmax axis \(axis): \(l)")
            let n = GradCheck.check([x]) { l2Normalize($0[0], axis: axis) }
            XCTAssertLessThan(n.maxError, tol, "l2Normalize axis \(axis): \(n)")
        }
    }

    func testSoftmaxOnManyLanesMatchesRowByRow() {
        // 64 lanes of 600: split over several parallel ranges.
        let x = GradCheck.randomTensor([64, 600], seed: 4, scale: 3)
        let s = softmax(Variable(x)).value, l = logSoftmax(Variable(x)).value
        for row in [0, 31, 63] {
            let v = x.scalars[(row * 600)..<((row + 1) * 600)].map(Double.init)
            let m = v.max()!, z = v.map { Foundation.exp($0 - m) }.reduce(0, +)
            for j in [0, 299, 599] {
                XCTAssertEqual(Double(s.scalars[row * 600 + j]), Foundation.exp(v[j] - m) / z, accuracy: 1e-6)
                XCTAssertEqual(Double(l.scalars[row * 600 + j]), v[j] - m - Foundation.log(z), accuracy: 1e-4)
            }
        }
    }

    func testSoftmaxFamilyValues() {
        let x = Variable(Tensor(shape: [1, 3], scalars: [1000, 1001, 1002]))
        let e = [Float(Foundation.exp(-2.0)), Float(Foundation.exp(-1.0)), 1]
        let z = e.reduce(0, +)
        let s = softmax(x).value.scalars
        for i in 0..<3 { XCTAssertEqual(s[i], e[i] / z, accuracy: 1e-6) }
        let ls = logSoftmax(x).value.scalars
        XCTAssertEqual(ls[2], -Foundation.log(z), accuracy: 1e-4)  // ulp(1000) ≈ 6e-5
        let n = l2Normalize(Variable(Tensor(shape: [2, 2], scalars: [3, 4, 0, 0]))).value.scalars
        XCTAssertEqual(n, [0.6, 0.8, 0, 0])
    }
}
