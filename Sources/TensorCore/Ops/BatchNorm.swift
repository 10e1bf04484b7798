/// PyTorch's BatchNorm1d on x [B, C, T] or [B, C].
///
/// Training normalizes with the batch mean and biased variance and updates the running buffers
/// in place with `momentum` using the unbiased variance (as PyTorch does); evaluation uses the
/// running buffers. Gradients flow to x, weight and bias in both modes.
///
/// `thenReLU` applies max(·, 0) in the same pass: bitwise what `relu(batchNorm1d(x, …))` gives,
/// values and gradients, without a second pass over the activations or keeping the
/// pre-activation tensor alive for the backward pass.
public func batchNorm1d(_ x: Variable, weight: Variable, bias: Variable, runningMean: Variable, runningVar: Variable,
                        training: Bool, momentum: Float = 0.1, eps: Float = 1e-5, thenReLU: Bool = false) -> Variable {
    require((x.value.rank == 3 || x.value.rank == 2) && x.value.count > 0,
                 "batchNorm1d: input must be [B, C, T] or [B, C], got \(x.shape)")
    let c = x.shape[1]
    for (name, v) in [("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVar", runningVar)] {
        require(v.shape == [c], "batchNorm1d: \(name) shape \(v.shape), expected [\(c)] for input \(x.shape)")
    }
    let geo = BatchNormKernels.Geometry(x.shape)
    require(!training || geo.batch * geo.length > 1,
                 "batchNorm1d: training needs more than one value per channel, got input \(x.shape)")
    let stats: (mean: [Float], invStd: [Float])
    if training {
        let s = BatchNormKernels.batchStatistics(x.value, geo)
        let n = Float(geo.batch * geo.length)
        for i in 0..<c {
            runningMean.value.scalars[i] = (1 - momentum) * runningMean.value.scalars[i] + momentum * s.mean[i]
            runningVar.value.scalars[i] = (1 - momentum) * runningVar.value.scalars[i] + momentum * s.variance[i] * n / (n - 1)
        }
        stats = (s.mean, s.variance.map { 1 / ($0 + eps).squareRoot() })
    } else {
        stats = (runningMean.value.scalars, runningVar.value.scalars.map { 1 / ($0 + eps).squareRoot() })
    }
    let xv = x.value, gamma = weight.value.scalars
    let y = BatchNormKernels.normalize(xv, geo, mean: stats.mean, invStd: stats.invStd, gamma: gamma, beta: bias.value.scalars,
                                       thenReLU: thenReLU)
    // Only the fused ReLU needs the output kept: its gradient mask, as `relu`'s backward takes it.
    let reluOutput = thenReLU ? y : nil
    return record(thenReLU ? "batchNorm1d+relu" : "batchNorm1d", y, [x, weight, bias]) { gyOut, needs in
        let gy = reluOutput.map { TensorMath.zip(gyOut, $0, ReluGradOp.self) } ?? gyOut
        let r = BatchNormKernels.backward(gy, xv, geo, mean: stats.mean, invStd: stats.invStd, gamma: gamma,
                                          batchStats: training, needX: needs[0])
        return [r.dx, needs[1] ? Tensor(shape: [c], scalars: r.dGamma) : nil, needs[2] ? Tensor(shape: [c], scalars: r.dBeta) : nil]
    }
}

/// Batch normalization loops. Every pass walks memory in order (rows (b, c) of T contiguous
/// values) over fixed batch chunks run on all cores; per-channel sums are per-chunk partials in
/// Double added in chunk order, so results do not depend on the thread count.
public enum BatchNormKernels {
    /// [B, C, T] extents (T = 1 for [B, C] input).
    public struct Geometry {
        let batch, channels, length: Int
        init(_ shape: [Int]) { batch = shape[0]; channels = shape[1]; length = shape.count == 3 ? shape[2] : 1 }
        /// Batch chunks: about 64K elements each, at most 32.
        var chunks: Int { Parallel.chunkCount(batch * channels * length, grain: 65536, maxChunks: min(32, batch)) }
        func samples(_ chunk: Int) -> Range<Int> { Parallel.range(chunk, of: chunks, count: batch) }
    }

    /// Two per-channel sums over batch and time in one pass: Σ (a − sa)·(b − sb) and Σ (a − sa)
    /// for `b` given, or Σ (a − sa)² and Σ (a − sa) for `b` nil; per-row Float partials are added
    /// in Double, per chunk, and chunks in order.
    static func channelMoments(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ g: Geometry,
                               shiftA: [Float], shiftB: [Float]) -> (product: [Double], sum: [Double]) {
        let chunks = g.chunks, c = g.channels, t = g.length
        var parts = [Double](repeating: 0, count: chunks * c * 2)
        parts.withUnsafeMutableBufferPointer { pb in
            let pp = SendablePointer(pb.baseAddress!)
            let ap = SendablePointer(UnsafeMutablePointer(mutating: a))
            let bp = SendablePointer(UnsafeMutablePointer(mutating: b ?? a))
            Parallel.forEach(chunks) { k in
                for s in g.samples(k) {
                    for ch in 0..<c {
                        let o = (s * c + ch) * t
                        let r = Reductions.shiftedMoments(ap.p + o, bp.p + o, t, shiftX: shiftA[ch], shiftY: shiftB[ch])
                        pp.p[(k * c + ch) * 2] += Double(r.product)
                        pp.p[(k * c + ch) * 2 + 1] += Double(r.sum)
                    }
                }
            }
        }
        var product = [Double](repeating: 0, count: c), sum = product
        for k in 0..<chunks {
            for ch in 0..<c { product[ch] += parts[(k * c + ch) * 2]; sum[ch] += parts[(k * c + ch) * 2 + 1] }
        }
        return (product, sum)
    }

    /// Batch mean and biased variance per channel in one pass, shifted by each channel's first
    /// value so E[(x−K)²] − E[x−K]² does not cancel catastrophically when |mean| ≫ std.
    public static func batchStatistics(_ x: Tensor, _ g: Geometry) -> (mean: [Float], variance: [Float]) {
        let n = Double(g.batch * g.length)
        let shift = (0..<g.channels).map { x.scalars[$0 * g.length] }
        return x.scalars.withUnsafeBufferPointer { xb in
            let m = channelMoments(xb.baseAddress!, nil, g, shiftA: shift, shiftB: shift)
            let mean = (0..<g.channels).map { Float(Double(shift[$0]) + m.sum[$0] / n) }
            let variance = (0..<g.channels).map { Float(max(0, m.product[$0] / n - (m.sum[$0] / n) * (m.sum[$0] / n))) }
            return (mean, variance)
        }
    }

    /// Applies y = x·scale[c] + offset[c] in memory order, then max(y, 0) when `thenReLU`.
    static func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ g: Geometry, scale: [Float], offset: [Float],
                       thenReLU: Bool) {
        let xp = SendablePointer(UnsafeMutablePointer(mutating: x)), yp = SendablePointer(y)
        let c = g.channels, t = g.length
        Parallel.forEach(g.chunks) { k in
            for s in g.samples(k) {
                for ch in 0..<c {
                    let o = (s * c + ch) * t, src = xp.p + o, dst = yp.p + o
                    let a = scale[ch], b = offset[ch]
                    if thenReLU {
                        for i in 0..<t { dst[i] = max(src[i] * a + b, 0) }
                    } else {
                        for i in 0..<t { dst[i] = src[i] * a + b }
                    }
                }
            }
        }
    }

    /// y = (x − mean)·invStd·γ + β per channel, then max(y, 0) when `thenReLU`.
    public static func normalize(_ x: Tensor, _ g: Geometry, mean: [Float], invStd: [Float], gamma: [Float], beta: [Float],
                                 thenReLU: Bool = false) -> Tensor {
        let scale = (0..<g.channels).map { invStd[$0] * gamma[$0] }
        let offset = (0..<g.channels).map { beta[$0] - mean[$0] * scale[$0] }
        return Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { xb in affine(xb.baseAddress!, out.baseAddress!, g, scale: scale, offset: offset, thenReLU: thenReLU) }
        }
    }

    /// Gradients for x (when asked), γ and β. With batch statistics the x gradient includes the
    /// paths through the mean and variance: dx = γ·inv·(dy − Σdy/N − x̂·Σ(dy·x̂)/N).
    public static func backward(_ gy: Tensor, _ x: Tensor, _ g: Geometry, mean: [Float], invStd: [Float], gamma: [Float],
                                batchStats: Bool, needX: Bool) -> (dx: Tensor?, dGamma: [Float], dBeta: [Float]) {
        let c = g.channels, n = Float(g.batch * g.length)
        return x.scalars.withUnsafeBufferPointer { xb in
            gy.scalars.withUnsafeBufferPointer { gb in
                // Σ dy·(x − mean) and Σ dy in one pass.
                let m = channelMoments(gb.baseAddress!, xb.baseAddress!, g, shiftA: [Float](repeating: 0, count: c), shiftB: mean)
                let dBeta = m.sum.map { Float($0) }
                let dGamma = (0..<c).map { Float(m.product[$0]) * invStd[$0] }
                guard needX else { return (nil, dGamma, dBeta) }
                let xp = SendablePointer(UnsafeMutablePointer(mutating: xb.baseAddress!))
                let gp = SendablePointer(UnsafeMutablePointer(mutating: gb.baseAddress!))
                let dx = Tensor(shape: x.shape) { out in
                    let dp = SendablePointer(out.baseAddress!), t = g.length
                    Parallel.forEach(g.chunks) { k in
                        for s in g.samples(k) {
                            for ch in 0..<c {
                                let o = (s * c + ch) * t, xs = xp.p + o, gs = gp.p + o, d = dp.p + o
                                let a = gamma[ch] * invStd[ch]
                                if batchStats {
                                    let k1 = dBeta[ch] / n, k2 = dGamma[ch] / n * invStd[ch], m = mean[ch]
                                    for i in 0..<t { d[i] = a * (gs[i] - k1 - (xs[i] - m) * k2) }
                                } else {
                                    for i in 0..<t { d[i] = a * gs[i] }
                                }
                            }
                        }
                    }
                }
                return (dx, dGamma, dBeta)
            }
        }
    }
}
