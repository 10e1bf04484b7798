import COpenBLAS

/// Single-precision GEMM through OpenBLAS, always single-threaded inside OpenBLAS: the core
/// parallelizes over independent GEMMs itself (measured ~2× faster for conv-shaped problems).
public enum BLAS {
    /// C[M×N] = alpha·op(A)·op(B) + beta·C, row-major, one call on the calling thread.
    @inlinable
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        ensureSingleThreaded()
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @usableFromInline static func ensureSingleThreaded() { _ = Runtime.configured }

    /// A large GEMM split over column blocks of C into independent single-threaded GEMMs run on all
    /// cores. The split depends on the shape only (OpenBLAS may round differently for different
    /// block widths), so results do not change with the thread count.
    public static func parallelGemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                                    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                    b: UnsafePointer<Float>, ldb: Int,
                                    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let flops = 2 * m * n * k
        let parts = flops < 4_000_000 ? 1 : min(8, max(1, n / 128))
        if parts <= 1 {
            gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                 b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let bp = UnsafeMutablePointer(mutating: b), cp = SendablePointer(c), ap = SendablePointer(UnsafeMutablePointer(mutating: a))
        let bs = SendablePointer(bp)
        Parallel.forEach(parts) { i in
            // Column ranges rounded to multiples of 16 keep OpenBLAS on its full-width kernels.
            let lo = min(n, (n * i / parts) & ~15), hi = i == parts - 1 ? n : min(n, (n * (i + 1) / parts) & ~15)
            guard hi > lo else { return }
            let bOff = transB ? lo * ldb : lo
            gemm(transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha, a: ap.p, lda: lda,
                 b: bs.p + bOff, ldb: ldb, beta: beta, c: cp.p + lo, ldc: ldc)
        }
    }
}
