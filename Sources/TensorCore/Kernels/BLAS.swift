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
        // With beta 0, OpenBLAS first zeroes C with one scalar store per element (9 % of a CPC
        // inference pass, 4.6 % of a SimCLR step), then adds alpha·op(A)·op(B) to it. Zeroing C
        // here (a memset) and asking for beta 1 gives the same additions onto the same zeros, so
        // the same bits on every kernel family.
        var beta = beta
        if beta == 0 && m > 0 && n > 0 {
            zeroRows(c, rows: m, columns: n, stride: ldc)
            beta = 1
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets `rows` rows of `columns` floats, `stride` apart, to +0 (one fill when they are contiguous).
    @usableFromInline
    static func zeroRows(_ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        if stride == columns { return c.update(repeating: 0, count: rows * columns) }
        for r in 0..<rows { (c + r * stride).update(repeating: 0, count: columns) }
    }

    @usableFromInline static func ensureSingleThreaded() { _ = Runtime.configured }

    /// The OpenBLAS build and the kernel family it chose for this CPU, e.g. "OpenBLAS 0.3.21,
    /// Zen kernels". Kernel families sum a dot product in different orders (and block K
    /// differently), so a result is bitwise reproducible only on the same family; the kernels
    /// are fixed when the library loads, by the CPU or by the environment's OPENBLAS_CORETYPE.
    public static let kernels: String = {
        let config = openblas_get_config().map { String(cString: $0) } ?? ""
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        let words = config.split(separator: " ")
        let build = words.count >= 2 && words[0] == "OpenBLAS" ? "OpenBLAS \(words[1])" : "OpenBLAS"
        return "\(build), \(core) kernels"
    }()

    /// A large GEMM split into independent single-threaded GEMMs run on all cores: over column
    /// blocks of C, or over row blocks when C is too narrow for two column blocks (the LSTM's
    /// weight gradients and input gradients at 128 units, [512 × 128] over 16,000 rows, were one
    /// serial call). The split depends on the shape only, so the result is the same at any thread
    /// count, and neither split divides K: each element of C is one call's dot product over all
    /// of K. Whether that equals the unsplit call bit for bit depends on the kernels (the
    /// AVX-512 ones of the Xeon agreed; Haswell/Zen sum the tiles at a block's edge in another order).
    public static func parallelGemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                                    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                    b: UnsafePointer<Float>, ldb: Int,
                                    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let flops = 2 * m * n * k
        let columnParts = flops < 4_000_000 ? 1 : min(8, max(1, n / 128))
        // Row blocks of at least 64 rows and 4 MFLOP each (well above OpenBLAS's small-matrix
        // path, which would sum in another order).
        let rowParts = columnParts > 1 || flops < 8_000_000 ? 1 : min(8, m / 64, flops / 4_000_000)
        let ap = SendablePointer(UnsafeMutablePointer(mutating: a)), bs = SendablePointer(UnsafeMutablePointer(mutating: b))
        let cp = SendablePointer(c)
        // Block boundaries rounded to multiples of 16 keep OpenBLAS on its full-width kernels.
        func block(_ i: Int, of parts: Int, _ count: Int) -> Range<Int> {
            let lo = min(count, (count * i / parts) & ~15), hi = i == parts - 1 ? count : min(count, (count * (i + 1) / parts) & ~15)
            return lo..<max(lo, hi)
        }
        let (parts, byRows) = columnParts > 1 ? (columnParts, false) : (rowParts, true)
        guard parts > 1 else {
            return gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                        b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
        Parallel.forEach(parts) { i in
            let r = block(i, of: parts, byRows ? m : n)
            guard !r.isEmpty else { return }
            // A row block moves A's and C's origin; a column block moves B's and C's.
            let aOff = byRows ? (transA ? r.lowerBound : r.lowerBound * lda) : 0
            let bOff = byRows ? 0 : (transB ? r.lowerBound * ldb : r.lowerBound)
            gemm(transA: transA, transB: transB, m: byRows ? r.count : m, n: byRows ? n : r.count, k: k, alpha: alpha,
                 a: ap.p + aOff, lda: lda, b: bs.p + bOff, ldb: ldb, beta: beta,
                 c: cp.p + (byRows ? r.lowerBound * ldc : r.lowerBound), ldc: ldc)
        }
    }
}
