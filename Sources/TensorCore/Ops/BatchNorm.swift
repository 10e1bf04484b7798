/// PyTorch's BatchNorm1d on x [B, C, T] or [B, C].
///
/// Training normalizes with the batch mean and biased variance and updates the running buffers
/// in place with `momentum` using the unbiased variance (as PyTorch does); evaluation uses the
/// running buffers. Gradients flow to x, weight and bias in both modes.
public func batchNorm1d(_ x: Variable, weight: Variable, bias: Variable, runningMean: Variable, runningVar: Variable,
                        training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Variable {
    precondition((x.value.rank == 3 || x.value.rank == 2) && x.value.count > 0,
                 "batchNorm1d: input must be [B, C, T] or [B, C], got \(x.shape)")
    let c = x.shape[1]
    for (name, v) in [("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVar", runningVar)] {
        precondition(v.shape == [c], "batchNorm1d: \(name) shape \(v.shape), expected [\(c)] for input \(x.shape)")
    }
    let geo = BatchNormKernels.Geometry(x.shape)
    precondition(!training || geo.batch * geo.length > 1,
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
    let y = BatchNormKernels.normalize(xv, geo, mean: stats.mean, invStd: stats.invStd, gamma: gamma, beta: bias.value.scalars)
    return record("batchNorm1d", y, [x, weight, bias]) { gy, needs in
        let r = BatchNormKernels.backward(gy, xv, geo, mean: stats.mean, invStd: stats.invStd, gamma: gamma,
                                          batchStats: training, needX: needs[0])
        return [r.dx, needs[1] ? Tensor(shape: [c], scalars: r.dGamma) : nil, needs[2] ? Tensor(shape: [c], scalars: r.dBeta) : nil]
    }
}

/// Per-channel loops of batch normalization, parallel over channels.
public enum BatchNormKernels {
    /// [B, C, T] extents (T = 1 for [B, C] input).
    public struct Geometry {
        let batch, channels, length: Int
        init(_ shape: [Int]) { batch = shape[0]; channels = shape[1]; length = shape.count == 3 ? shape[2] : 1 }
        @inline(__always) func offset(_ b: Int, _ c: Int) -> Int { (b * channels + c) * length }
    }

    /// Batch mean and biased variance per channel (two passes, Double accumulation).
    public static func batchStatistics(_ x: Tensor, _ g: Geometry) -> (mean: [Float], variance: [Float]) {
        var mean = [Float](repeating: 0, count: g.channels), variance = mean
        let n = Double(g.batch * g.length)
        x.scalars.withUnsafeBufferPointer { xb in
            mean.withUnsafeMutableBufferPointer { mb in
                variance.withUnsafeMutableBufferPointer { vb in
                    let mp = SendablePointer(mb.baseAddress!), vp = SendablePointer(vb.baseAddress!)
                    Parallel.forEach(g.channels) { c in
                        var s = 0.0
                        for b in 0..<g.batch {
                            let p = xb.baseAddress! + g.offset(b, c)
                            var part: Float = 0
                            for t in 0..<g.length { part += p[t] }
                            s += Double(part)
                        }
                        let m = s / n
                        let mf = Float(m)
                        var s2 = 0.0
                        for b in 0..<g.batch {
                            let p = xb.baseAddress! + g.offset(b, c)
                            var part: Float = 0
                            for t in 0..<g.length { let d = p[t] - mf; part += d * d }
                            s2 += Double(part)
                        }
                        mp.p[c] = mf
                        vp.p[c] = Float(s2 / n)
                    }
                }
            }
        }
        return (mean, variance)
    }

    /// y = (x − mean)·invStd·γ + β per channel.
    public static func normalize(_ x: Tensor, _ g: Geometry, mean: [Float], invStd: [Float], gamma: [Float], beta: [Float]) -> Tensor {
        Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { xb in
                let op = SendablePointer(out.baseAddress!)
                Parallel.forEach(g.channels) { c in
                    let a = invStd[c] * gamma[c], b0 = beta[c] - mean[c] * a
                    for b in 0..<g.batch {
                        let o = g.offset(b, c), src = xb.baseAddress! + o, dst = op.p + o
                        for t in 0..<g.length { dst[t] = src[t] * a + b0 }
                    }
                }
            }
        }
    }

    /// Gradients for x (when asked), γ and β. With batch statistics the x gradient includes the
    /// paths through the mean and variance.
    public static func backward(_ gy: Tensor, _ x: Tensor, _ g: Geometry, mean: [Float], invStd: [Float], gamma: [Float],
                                batchStats: Bool, needX: Bool) -> (dx: Tensor?, dGamma: [Float], dBeta: [Float]) {
        var dGamma = [Float](repeating: 0, count: g.channels), dBeta = dGamma
        var dx = needX ? [Float](repeating: 0, count: x.count) : []
        let n = Float(g.batch * g.length)
        x.scalars.withUnsafeBufferPointer { xb in
        gy.scalars.withUnsafeBufferPointer { gb in
        dGamma.withUnsafeMutableBufferPointer { dgb in
        dBeta.withUnsafeMutableBufferPointer { dbb in
        dx.withUnsafeMutableBufferPointer { dxb in
            let dgp = SendablePointer(dgb.baseAddress!), dbp = SendablePointer(dbb.baseAddress!)
            // Empty arrays may still have a (shared, unwritable) base address: test the flag.
            let dxp = needX ? SendablePointer(dxb.baseAddress!) : nil
            Parallel.forEach(g.channels) { c in
                let m = mean[c], inv = invStd[c]
                var sdy = 0.0, sdyx = 0.0
                for b in 0..<g.batch {
                    let o = g.offset(b, c), xs = xb.baseAddress! + o, gs = gb.baseAddress! + o
                    var p1: Float = 0, p2: Float = 0
                    for t in 0..<g.length { p1 += gs[t]; p2 += gs[t] * (xs[t] - m) }
                    sdy += Double(p1); sdyx += Double(p2)
                }
                let sumDy = Float(sdy), sumDyXhat = Float(sdyx) * inv
                dgp.p[c] = sumDyXhat
                dbp.p[c] = sumDy
                guard let dxp else { return }
                let a = gamma[c] * inv
                if batchStats {
                    // dx = γ·inv/N · (N·dy − Σdy − x̂·Σ(dy·x̂))
                    let k1 = sumDy / n, k2 = sumDyXhat / n * inv
                    for b in 0..<g.batch {
                        let o = g.offset(b, c), xs = xb.baseAddress! + o, gs = gb.baseAddress! + o, d = dxp.p + o
                        for t in 0..<g.length { d[t] = a * (gs[t] - k1 - (xs[t] - m) * k2) }
                    }
                } else {
                    for b in 0..<g.batch {
                        let o = g.offset(b, c), gs = gb.baseAddress! + o, d = dxp.p + o
                        for t in 0..<g.length { d[t] = a * gs[t] }
                    }
                }
            }
        }}}}}
        return (needX ? Tensor(shape: x.shape, scalars: dx) : nil, dGamma, dBeta)
    }
}
