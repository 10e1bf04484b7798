import XCTest
import TensorCore
import TestSupport

final class MatmulOpsTests: XCTestCase {
    func testMatmulAndLinearGradients() {
        let a = GradCheck.param([3, 4], seed: 1), b = GradCheck.param([4, 5], seed: 2)
        let m = GradCheck.check([a, b]) { matmul($0[0], $0[1]) }
        XCTAssertLessThan(m.maxError, 1e-2, "matmul: \(m)")
        let x = GradCheck.param([2, 3, 4], seed: 3), w = GradCheck.param([5, 4], seed: 4), bias = GradCheck.param([5], seed: 5)
        let l = GradCheck.check([x, w, bias]) { linear($0[0], $0[1], $0[2]) }
        XCTAssertLessThan(l.maxError, 1e-2, "linear: \(l)")
    }

    func testBatchedMatmulGradientsAndValues() {
        let a = GradCheck.param([3, 2, 4], seed: 11), b = GradCheck.param([3, 4, 5], seed: 12)
        let r = GradCheck.check([a, b]) { batchedMatmul($0[0], $0[1]) }
        XCTAssertLessThan(r.maxError, 1e-2, "batchedMatmul: \(r)")
        let y = batchedMatmul(a, b).value
        for i in 0..<3 {
            let ai = Variable(Tensor(shape: [2, 4], scalars: Array(a.value.scalars[(i * 8)..<((i + 1) * 8)])))
            let bi = Variable(Tensor(shape: [4, 5], scalars: Array(b.value.scalars[(i * 20)..<((i + 1) * 20)])))
            XCTAssertEqual(Array(y.scalars[(i * 10)..<((i + 1) * 10)]), matmul(ai, bi).value.scalars)
        }
    }

    func testLinearUsesPyTorchWeightLayout() {
        let x = Variable(Tensor(shape: [1, 2], scalars: [1, 2]))
        let w = Variable(Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1]))
        let b = Variable(Tensor(shape: [3], scalars: [0, 10, 100]))
        XCTAssertEqual(linear(x, w, b).value, Tensor(shape: [1, 3], scalars: [1, 12, 103]))
    }

    func testColumnSplitGemmMatchesNaiveProduct() {
        // 2·m·n·k ≥ 4M and n ≥ 256: parallelGemm splits C's columns (here 8 blocks), both with
        // B as [K, N] (matmul) and as [N, K] (linear's transposed weight).
        let m = 9, k = 300, n = 1030
        let a = GradCheck.randomTensor([m, k], seed: 7), b = GradCheck.randomTensor([k, n], seed: 8)
        let c = matmul(Variable(a), Variable(b)).value
        let w = GradCheck.randomTensor([n, k], seed: 9)
        let l = linear(Variable(a), Variable(w)).value
        for i in [0, 4, 8] {
            for j in [0, 127, 128, 500, 1023, 1024, 1029] {
                var s = 0.0, t = 0.0
                for q in 0..<k {
                    s += Double(a.scalars[i * k + q]) * Double(b.scalars[q * n + j])
                    t += Double(a.scalars[i * k + q]) * Double(w.scalars[j * k + q])
                }
                XCTAssertEqual(Double(c.scalars[i * n + j]), s, accuracy: 1e-3, "matmul [\(i), \(j)]")
                XCTAssertEqual(Double(l.scalars[i * n + j]), t, accuracy: 1e-3, "linear [\(i), \(j)]")
            }
        }
    }

    func testRowSplitGemmIsTheSameAtEveryThreadCount() {
        // C too narrow for two column blocks (n < 256) but large: parallelGemm cuts C's rows
        // (8 blocks of ~125, rounded to 16), with A as [M, K] and as [K, M] (a weight gradient).
        // The blocks depend on the shape alone, so the bits do not depend on the thread count.
        // (They need not equal one call's: OpenBLAS's Haswell/Zen kernels sum the tiles at a
        // block's edge in another order; its AVX-512 ones agreed on a Xeon.)
        let m = 1000, n = 100, k = 300
        let a = GradCheck.randomTensor([m, k], seed: 21), b = GradCheck.randomTensor([k, n], seed: 22)
        let at = transpose(Variable(a), 0, 1).value
        func product(transA: Bool) -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            (transA ? at : a).scalars.withUnsafeBufferPointer { ap in b.scalars.withUnsafeBufferPointer { bp in
                BLAS.parallelGemm(transA: transA, m: m, n: n, k: k, a: ap.baseAddress!, lda: transA ? m : k,
                                  b: bp.baseAddress!, ldb: n, c: &c, ldc: n)
            }}
            return c
        }
        for transA in [false, true] {
            let reference = assertSameBitsAtEveryThreadCount("transA \(transA),") { product(transA: transA) }
            // Every block's rows, first and last, against a double-precision dot product.
            for i in [0, 111, 112, 499, 500, 863, 864, 999] {
                for j in [0, 99] {
                    var s = 0.0
                    for q in 0..<k { s += Double(a.scalars[i * k + q]) * Double(b.scalars[q * n + j]) }
                    XCTAssertEqual(Double(reference[i * n + j]), s, accuracy: 1e-3, "transA \(transA) [\(i), \(j)]")
                }
            }
        }
    }

    func testLargeMatmulMatchesNaiveProduct() {
        let m = 37, k = 300, n = 200
        let a = GradCheck.randomTensor([m, k], seed: 7), b = GradCheck.randomTensor([k, n], seed: 8)
        let c = matmul(Variable(a), Variable(b)).value
        for (i, j) in [(0, 0), (36, 199), (5, 130), (20, 64)] {
            var s = 0.0
            for t in 0..<k { s += Double(a.scalars[i * k + t]) * Double(b.scalars[t * n + j]) }
            XCTAssertEqual(Double(c.scalars[i * n + j]), s, accuracy: 1e-3)
        }
    }
}
