/// Shape facts of one conv1d call and how its batch is cut into GEMM chunks.
public struct Conv1dGeometry: Equatable {
    /// Batch, input channels, input length, output channels, kernel, stride, padding.
    public let batch, cin, length, cout, kernel, stride, padding: Int
    /// Output length, PyTorch's floor((T + 2p − k) / s) + 1.
    public let outLength: Int
    /// Samples whose im2col columns are laid side by side in one GEMM.
    public let samplesPerChunk: Int

    /// GEMM width (columns) one chunk aims for; 512 measured best (`bench conv-chunking`).
    nonisolated(unsafe) public static var targetColumns = 512

    /// Geometry of conv1d(x [B,Cin,T], w [Cout,Cin,k]), validated with messages naming the shapes.
    public init(x: [Int], w: [Int], stride: Int, padding: Int) {
        require(x.count == 3 && w.count == 3 && x[1] == w[1],
                     "conv1d: input \(x) must be [B, Cin, T] and weight \(w) [Cout, Cin, k] with equal Cin")
        require(stride >= 1 && padding >= 0, "conv1d: stride \(stride) must be ≥ 1 and padding \(padding) ≥ 0")
        batch = x[0]; cin = x[1]; length = x[2]; cout = w[0]; kernel = w[2]
        self.stride = stride; self.padding = padding
        require(length + 2 * padding >= kernel,
                     "conv1d: input length \(length) with padding \(padding) is shorter than kernel \(kernel)")
        outLength = (length + 2 * padding - kernel) / stride + 1
        samplesPerChunk = max(1, min(batch, Conv1dGeometry.targetColumns / max(outLength, 1)))
    }

    /// Rows of the im2col matrix (Cin·k).
    public var patch: Int { cin * kernel }
    /// Number of batch chunks.
    public var chunks: Int { (batch + samplesPerChunk - 1) / samplesPerChunk }
    /// Whether the input itself is the im2col matrix of a one-sample chunk.
    var isPointwise: Bool { kernel == 1 && stride == 1 && padding == 0 }
    func samples(_ chunk: Int) -> Range<Int> { (chunk * samplesPerChunk)..<min(batch, (chunk + 1) * samplesPerChunk) }
}

/// conv1d as im2col + GEMM over batch chunks run on all cores (OpenBLAS single-threaded).
public enum Conv1dKernels {
    /// Visits every (input channel, tap, sample) row of the im2col matrix of samples `range`:
    /// `body(colOffset, xOffset, lo, hi)`, where output position t of that row reads the input at
    /// xOffset + t·stride and only t in lo..<hi lies inside the signal.
    @inline(__always)
    static func forEachPatchRow(_ g: Conv1dGeometry, _ range: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        let n = range.count * g.outLength
        for ci in 0..<g.cin {
            for kk in 0..<g.kernel {
                let (lo, hi) = validRange(g, kk)
                for (j, b) in range.enumerated() {
                    body((ci * g.kernel + kk) * n + j * g.outLength, (b * g.cin + ci) * g.length + kk - g.padding, lo, hi)
                }
            }
        }
    }

    /// Lays out the patches of samples `range` as columns: col[(ci·k + kk), j·Tout + t].
    static func im2col(_ x: UnsafePointer<Float>, _ g: Conv1dGeometry, _ range: Range<Int>, _ col: UnsafeMutablePointer<Float>) {
        let s = g.stride, tl = g.outLength
        forEachPatchRow(g, range) { colOffset, xOffset, lo, hi in
            let dst = col + colOffset, src = x + xOffset
            for t in 0..<lo { dst[t] = 0 }
            if s == 1 {
                for t in lo..<hi { dst[t] = src[t] }
            } else {
                for t in lo..<hi { dst[t] = src[t * s] }
            }
            for t in hi..<tl { dst[t] = 0 }
        }
    }

    /// Adjoint of im2col: adds the columns back into dx (samples `range` only).
    static func col2im(_ col: UnsafePointer<Float>, _ g: Conv1dGeometry, _ range: Range<Int>, _ dx: UnsafeMutablePointer<Float>) {
        let s = g.stride
        forEachPatchRow(g, range) { colOffset, xOffset, lo, hi in
            let src = col + colOffset, dst = dx + xOffset
            if s == 1 {
                for t in lo..<hi { dst[t] += src[t] }
            } else {
                for t in lo..<hi { dst[t * s] += src[t] }
            }
        }
    }

    /// Output positions t whose input index t·s + kk − p lies inside [0, T).
    @inline(__always)
    static func validRange(_ g: Conv1dGeometry, _ kk: Int) -> (Int, Int) {
        let off = kk - g.padding
        let lo = off >= 0 ? 0 : (-off + g.stride - 1) / g.stride
        let hi = g.length - off <= 0 ? 0 : min(g.outLength, (g.length - off - 1) / g.stride + 1)
        return (min(lo, hi), hi)
    }

    /// y [B, Cout, Tout] = conv1d(x, w) (+ bias).
    public static func forward(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ g: Conv1dGeometry) -> Tensor {
        Tensor(shape: [g.batch, g.cout, g.outLength]) { out in
            x.scalars.withUnsafeBufferPointer { xb in
                w.scalars.withUnsafeBufferPointer { wb in
                    let xp = SendablePointer(UnsafeMutablePointer(mutating: xb.baseAddress!))
                    let wp = SendablePointer(UnsafeMutablePointer(mutating: wb.baseAddress!))
                    let yp = SendablePointer(out.baseAddress!)
                    let bias = bias?.scalars
                    Parallel.forEach(g.chunks) { c in
                        let range = g.samples(c), n = range.count * g.outLength
                        let direct = range.count == 1
                        let colOwned = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patch * n)
                        let yOwned = direct ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.cout * n)
                        defer { colOwned?.deallocate(); yOwned?.deallocate() }
                        let col: UnsafePointer<Float>
                        if let colOwned {
                            im2col(xp.p, g, range, colOwned); col = UnsafePointer(colOwned)
                        } else if direct {
                            col = UnsafePointer(xp.p + range.lowerBound * g.cin * g.length)
                        } else {
                            let gathered = UnsafeMutablePointer<Float>.allocate(capacity: g.patch * n)
                            im2col(xp.p, g, range, gathered)
                            col = UnsafePointer(gathered)
                        }
                        defer { if g.isPointwise && !direct { UnsafeMutablePointer(mutating: col).deallocate() } }
                        let yc = yOwned ?? (yp.p + range.lowerBound * g.cout * g.outLength)
                        BLAS.gemm(m: g.cout, n: n, k: g.patch, a: wp.p, lda: g.patch, b: col, ldb: n, c: yc, ldc: n)
                        // Scatter [Cout, nb·Tout] to [nb, Cout, Tout], adding the bias on the way.
                        for (j, b) in range.enumerated() {
                            for co in 0..<g.cout {
                                let dst = yp.p + (b * g.cout + co) * g.outLength
                                let src = yc + co * n + j * g.outLength
                                let bv = bias?[co] ?? 0
                                if direct {
                                    if bias != nil { for t in 0..<g.outLength { dst[t] += bv } }
                                } else {
                                    for t in 0..<g.outLength { dst[t] = src[t] + bv }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Gradients of conv1d for the inputs asked for; weight and bias gradients sum per-chunk
    /// partials in chunk order (deterministic for any thread count).
    public static func backward(_ gy: Tensor, _ x: Tensor, _ w: Tensor, _ g: Conv1dGeometry,
                                needX: Bool, needW: Bool, needBias: Bool) -> (dx: Tensor?, dw: Tensor?, db: Tensor?) {
        let chunks = g.chunks, wCount = g.cout * g.patch
        // Each chunk zeroes its own samples' rows of dx before adding into them, and its GEMM
        // (beta 0) writes the whole of its part of dwParts.
        var dx = needX ? [Float](uninitializedCount: x.count) : []
        var dwParts = needW ? [Float](uninitializedCount: chunks * wCount) : []
        var dbParts = needBias ? [Float](repeating: 0, count: chunks * g.cout) : []
        x.scalars.withUnsafeBufferPointer { xb in
        w.scalars.withUnsafeBufferPointer { wb in
        gy.scalars.withUnsafeBufferPointer { gb in
        dx.withUnsafeMutableBufferPointer { dxb in
        dwParts.withUnsafeMutableBufferPointer { dwb in
        dbParts.withUnsafeMutableBufferPointer { dbb in
            let xp = SendablePointer(UnsafeMutablePointer(mutating: xb.baseAddress!))
            let wp = SendablePointer(UnsafeMutablePointer(mutating: wb.baseAddress!))
            let gp = SendablePointer(UnsafeMutablePointer(mutating: gb.baseAddress!))
            // Empty arrays may still have a (shared, unwritable) base address: test the flags.
            let dxp = needX ? SendablePointer(dxb.baseAddress!) : nil
            let dwp = needW ? SendablePointer(dwb.baseAddress!) : nil
            let dbp = needBias ? SendablePointer(dbb.baseAddress!) : nil
            Parallel.forEach(chunks) { c in
                let range = g.samples(c), n = range.count * g.outLength
                let direct = range.count == 1
                // dY of the chunk as [Cout, nb·Tout].
                let gOwned = direct ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.cout * n)
                defer { gOwned?.deallocate() }
                let gc: UnsafePointer<Float>
                if let gOwned {
                    for (j, b) in range.enumerated() {
                        for co in 0..<g.cout {
                            (gOwned + co * n + j * g.outLength).update(from: gp.p + (b * g.cout + co) * g.outLength, count: g.outLength)
                        }
                    }
                    gc = UnsafePointer(gOwned)
                } else {
                    gc = UnsafePointer(gp.p + range.lowerBound * g.cout * g.outLength)
                }
                if let dbp {
                    for co in 0..<g.cout { dbp.p[c * g.cout + co] = Reductions.sum(gc + co * n, n) }
                }
                if let dwp {
                    let colOwned = (g.isPointwise && direct) ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patch * n)
                    defer { colOwned?.deallocate() }
                    if let colOwned { im2col(xp.p, g, range, colOwned) }
                    let col = colOwned.map { UnsafePointer($0) } ?? UnsafePointer(xp.p + range.lowerBound * g.cin * g.length)
                    BLAS.gemm(transB: true, m: g.cout, n: g.patch, k: n, a: gc, lda: n, b: col, ldb: n,
                              c: dwp.p + c * wCount, ldc: g.patch)
                }
                if let dxp {
                    (dxp.p + range.lowerBound * g.cin * g.length).initialize(repeating: 0, count: range.count * g.cin * g.length)
                    if g.isPointwise && direct {
                        // dx starts zeroed (col2im adds into it), so beta 1 spares zeroing it again.
                        BLAS.gemm(transA: true, m: g.patch, n: n, k: g.cout, a: wp.p, lda: g.patch, b: gc, ldb: n,
                                  beta: 1, c: dxp.p + range.lowerBound * g.cin * g.length, ldc: n)
                    } else {
                        let dcol = UnsafeMutablePointer<Float>.allocate(capacity: g.patch * n)
                        defer { dcol.deallocate() }
                        BLAS.gemm(transA: true, m: g.patch, n: n, k: g.cout, a: wp.p, lda: g.patch, b: gc, ldb: n,
                                  c: dcol, ldc: n)
                        col2im(dcol, g, range, dxp.p)
                    }
                }
            }
        }}}}}}
        return (needX ? Tensor(shape: x.shape, scalars: dx) : nil,
                needW ? Tensor(shape: w.shape, scalars: sumParts(dwParts, parts: chunks, size: wCount)) : nil,
                needBias ? Tensor(shape: [g.cout], scalars: sumParts(dbParts, parts: chunks, size: g.cout)) : nil)
    }

    /// Σ of `parts` consecutive blocks of `size`, in block order for every element (split over
    /// elements across cores, so the bits do not depend on the thread count).
    static func sumParts(_ p: [Float], parts: Int, size: Int) -> [Float] {
        var s = Array(p[0..<size])
        guard parts > 1, size > 0 else { return s }
        p.withUnsafeBufferPointer { pb in
            s.withUnsafeMutableBufferPointer { sb in
                let src = SendablePointer(UnsafeMutablePointer(mutating: pb.baseAddress!)), dst = SendablePointer(sb.baseAddress!)
                Parallel.forRanges(size, grain: 8192) { r in
                    for c in 1..<parts { for i in r { dst.p[i] += src.p[c * size + i] } }
                }
            }
        }
        return s
    }
}
