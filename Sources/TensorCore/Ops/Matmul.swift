/// Matrix product of a [M, K] and b [K, N].
public func matmul(_ a: Variable, _ b: Variable) -> Variable {
    require(a.value.rank == 2 && b.value.rank == 2 && a.shape[1] == b.shape[0],
                 "matmul: needs [M,K] x [K,N], got \(a.shape) x \(b.shape)")
    let (av, bv) = (a.value, b.value)
    let m = av.shape[0], k = av.shape[1], n = bv.shape[1]
    let y = MatmulKernels.gemm(av, bv, m: m, n: n, k: k, transA: false, transB: false)
    return record("matmul", y, [a, b]) { g, needs in
        [needs[0] ? MatmulKernels.gemm(g, bv, m: m, n: k, k: n, transA: false, transB: true) : nil,
         needs[1] ? MatmulKernels.gemm(av, g, m: k, n: n, k: m, transA: true, transB: false) : nil]
    }
}

/// x · wᵀ + b with PyTorch's weight layout w [out, in]; x is [..., in], the result [..., out].
public func linear(_ x: Variable, _ w: Variable, _ b: Variable? = nil) -> Variable {
    require(w.value.rank == 2 && x.value.rank >= 1 && x.shape.last == w.shape[1],
                 "linear: input \(x.shape) does not match weight [out, in] = \(w.shape)")
    let out = w.shape[0], inF = w.shape[1]
    if let b { require(b.shape == [out], "linear: bias shape \(b.shape), expected [\(out)]") }
    let (xv, wv) = (x.value, w.value)
    let rows = xv.count / max(inF, 1)
    var y = MatmulKernels.gemm(xv, wv, m: rows, n: out, k: inF, transA: false, transB: true)
    if let b { y = TensorMath.addRowVector(y, b.value) }
    y = y.reshaped(Array(xv.shape.dropLast()) + [out])
    let inputs = b.map { [x, w, $0] } ?? [x, w]
    return record("linear", y, inputs) { g, needs in
        var grads: [Tensor?] = [
            needs[0] ? MatmulKernels.gemm(g, wv, m: rows, n: inF, k: out, transA: false, transB: false).reshaped(xv.shape) : nil,
            needs[1] ? MatmulKernels.gemm(g, xv, m: out, n: inF, k: rows, transA: true, transB: false) : nil,
        ]
        if inputs.count == 3 { grads.append(needs[2] ? TensorMath.sumRows(g, columns: out) : nil) }
        return grads
    }
}

/// GEMM on whole tensors (treated as row-major matrices) used by matmul / linear.
enum MatmulKernels {
    static func gemm(_ a: Tensor, _ b: Tensor, m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> Tensor {
        Tensor(shape: [m, n]) { out in
            if k == 0 { out.initialize(repeating: 0); return }
            a.scalars.withUnsafeBufferPointer { ab in
                b.scalars.withUnsafeBufferPointer { bb in
                    BLAS.parallelGemm(transA: transA, transB: transB, m: m, n: n, k: k,
                                      a: ab.baseAddress!, lda: transA ? m : k,
                                      b: bb.baseAddress!, ldb: transB ? k : n,
                                      c: out.baseAddress!, ldc: n)
                }
            }
        }
    }
}

extension TensorMath {
    /// Adds `v` [C] to every row of `x` viewed as [-1, C].
    public static func addRowVector(_ x: Tensor, _ v: Tensor) -> Tensor {
        let c = v.count
        return Tensor(shape: x.shape) { out in
            guard c > 0, out.count > 0 else { return }
            x.scalars.withUnsafeBufferPointer { xb in
                v.scalars.withUnsafeBufferPointer { vb in
                    let xp = xb.baseAddress!, vp = vb.baseAddress!, op = SendablePointer(out.baseAddress!)
                    Parallel.forRanges(xb.count / c, grain: max(1, 32768 / c)) { rows in
                        for r in rows { for j in 0..<c { op.p[r * c + j] = xp[r * c + j] + vp[j] } }
                    }
                }
            }
        }
    }

    /// Column sums of `x` viewed as [-1, columns].
    public static func sumRows(_ x: Tensor, columns c: Int) -> Tensor {
        var s = [Float](repeating: 0, count: c)
        guard c > 0, x.count > 0 else { return Tensor(shape: [c], scalars: s) }
        x.scalars.withUnsafeBufferPointer { xb in
            s.withUnsafeMutableBufferPointer { sb in
                let xp = xb.baseAddress!, sp = SendablePointer(sb.baseAddress!), rows = xb.count / c
                // Cut by columns: each column is still summed over the rows in order, so the cut leaves the bits alone.
                Parallel.forRanges(c, grain: max(64, 32768 / rows)) { cols in
                    // 32 columns' running sums stay in registers down all the rows (a store per
                    // row and column measured 3 % of a CPC step); each lane is the loop below.
                    typealias V = SIMD8<Float>
                    let raw = UnsafeRawPointer(xp)
                    var j = cols.lowerBound
                    while j + 32 <= cols.upperBound {
                        var a0 = V(repeating: 0), a1 = a0, a2 = a0, a3 = a0
                        for r in 0..<rows {
                            let o = (r * c + j) * 4
                            a0 += raw.loadUnaligned(fromByteOffset: o, as: V.self)
                            a1 += raw.loadUnaligned(fromByteOffset: o + 32, as: V.self)
                            a2 += raw.loadUnaligned(fromByteOffset: o + 64, as: V.self)
                            a3 += raw.loadUnaligned(fromByteOffset: o + 96, as: V.self)
                        }
                        let out = UnsafeMutableRawPointer(sp.p + j)
                        out.storeBytes(of: a0, as: V.self); out.storeBytes(of: a1, toByteOffset: 32, as: V.self)
                        out.storeBytes(of: a2, toByteOffset: 64, as: V.self); out.storeBytes(of: a3, toByteOffset: 96, as: V.self)
                        j += 32
                    }
                    for jj in j..<cols.upperBound {
                        var sum: Float = 0
                        for r in 0..<rows { sum += xp[r * c + jj] }
                        sp.p[jj] = sum
                    }
                }
            }
        }
        return Tensor(shape: [c], scalars: s)
    }
}

/// Batched matrix product: a [B, M, K] × b [B, K, N] → [B, M, N], one GEMM per batch item
/// (items run on all cores).
public func batchedMatmul(_ a: Variable, _ b: Variable) -> Variable {
    require(a.value.rank == 3 && b.value.rank == 3 && a.shape[0] == b.shape[0] && a.shape[2] == b.shape[1],
                 "batchedMatmul: needs [B,M,K] x [B,K,N], got \(a.shape) x \(b.shape)")
    let (av, bv) = (a.value, b.value)
    let batch = av.shape[0], m = av.shape[1], k = av.shape[2], n = bv.shape[2]
    let y = MatmulKernels.batchedGemm(av, bv, batch: batch, m: m, n: n, k: k, transA: false, transB: false)
    return record("batchedMatmul", y, [a, b]) { g, needs in
        [needs[0] ? MatmulKernels.batchedGemm(g, bv, batch: batch, m: m, n: k, k: n, transA: false, transB: true) : nil,
         needs[1] ? MatmulKernels.batchedGemm(av, g, batch: batch, m: k, n: n, k: m, transA: true, transB: false) : nil]
    }
}

extension MatmulKernels {
    /// Per-item GEMMs C_b = op(A_b)·op(B_b) over contiguous [B, ...] operands.
    static func batchedGemm(_ a: Tensor, _ b: Tensor, batch: Int, m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> Tensor {
        Tensor(shape: [batch, m, n]) { out in
            if k == 0 { out.initialize(repeating: 0); return }
            a.scalars.withUnsafeBufferPointer { ab in
                b.scalars.withUnsafeBufferPointer { bb in
                    let ap = SendablePointer(UnsafeMutablePointer(mutating: ab.baseAddress!))
                    let bp = SendablePointer(UnsafeMutablePointer(mutating: bb.baseAddress!))
                    let cp = SendablePointer(out.baseAddress!)
                    Parallel.forEach(batch) { i in
                        BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k,
                                  a: ap.p + i * m * k, lda: transA ? m : k,
                                  b: bp.p + i * k * n, ldb: transB ? k : n,
                                  c: cp.p + i * m * n, ldc: n)
                    }
                }
            }
        }
    }
}
