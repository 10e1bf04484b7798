import XCTest
import COpenBLAS
import TensorCore
import TestSupport

final class BLASTests: XCTestCase {
    /// OpenBLAS's own beta-0 call, which `BLAS.gemm` replaces by zeroing C itself.
    private func openBLASBetaZero(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], lda: Int,
                                  b: [Float], ldb: Int, c: inout [Float], ldc: Int) {
        // Single-threaded, as `BLAS` runs it: a threaded call splits the product another way.
        openblas_set_num_threads(1)
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, &c, Int32(ldc))
    }

    func testBetaZeroGivesOpenBLASsOwnBits() {
        // Shapes with edge tiles in M and N, K past OpenBLAS's K block (1000), a K of 1, and C
        // strided (ldc > n) with NaN in and between its rows: beta 0 must ignore what C held and
        // leave the gap between rows alone.
        let shapes = [(m: 32, n: 512, k: 128), (m: 37, n: 29, k: 1000), (m: 300, n: 70, k: 12), (m: 5, n: 3, k: 1)]
        for (index, s) in shapes.enumerated() {
            for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = GradCheck.randomTensor([s.m * s.k], seed: UInt64(40 + index)).scalars
                let b = GradCheck.randomTensor([s.k * s.n], seed: UInt64(50 + index)).scalars
                let lda = transA ? s.m : s.k, ldb = transB ? s.k : s.n, ldc = s.n + 3
                var expected = [Float](repeating: .nan, count: s.m * ldc)
                openBLASBetaZero(transA: transA, transB: transB, m: s.m, n: s.n, k: s.k, a: a, lda: lda, b: b, ldb: ldb,
                                 c: &expected, ldc: ldc)
                var got = [Float](repeating: .nan, count: s.m * ldc)
                a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                    BLAS.gemm(transA: transA, transB: transB, m: s.m, n: s.n, k: s.k, a: ap.baseAddress!, lda: lda,
                              b: bp.baseAddress!, ldb: ldb, c: &got, ldc: ldc)
                }}
                let what = "\(s) transA \(transA) transB \(transB)"
                for i in 0..<s.m {
                    for j in 0..<ldc {
                        let (e, g) = (expected[i * ldc + j], got[i * ldc + j])
                        if j < s.n {
                            XCTAssertEqual(e.bitPattern, g.bitPattern, "\(what) [\(i), \(j)]: \(g) against OpenBLAS's \(e)")
                        } else {
                            XCTAssertTrue(g.isNaN, "\(what): column \(j) of row \(i) lies outside C and was written")
                        }
                    }
                }
            }
        }
    }
}
