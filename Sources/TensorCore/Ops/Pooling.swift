/// PyTorch's MaxPool1d on [B, C, T] (floor mode; padding counts as −∞).
/// Ties: the first (lowest-index) maximum wins and takes the whole gradient, as PyTorch's CPU
/// kernel does.
public func maxPool1d(_ x: Variable, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Variable {
    let s = stride ?? kernel
    require(x.value.rank == 3, "maxPool1d: input must be [B, C, T], got \(x.shape)")
    require(kernel >= 1 && s >= 1 && padding >= 0 && padding <= kernel / 2,
                 "maxPool1d: kernel \(kernel), stride \(s), padding \(padding) invalid (padding ≤ kernel/2)")
    let rows = x.shape[0] * x.shape[1], t = x.shape[2]
    require(t + 2 * padding >= kernel, "maxPool1d: length \(t) + 2·\(padding) shorter than kernel \(kernel) for \(x.shape)")
    let tout = (t + 2 * padding - kernel) / s + 1
    var argmax = [Int32](repeating: 0, count: rows * tout)
    let xv = x.value
    let y = Tensor(shape: [x.shape[0], x.shape[1], tout]) { out in
        xv.scalars.withUnsafeBufferPointer { xb in
            argmax.withUnsafeMutableBufferPointer { ab in
                let op = SendablePointer(out.baseAddress!), ap = SendablePointer(ab.baseAddress!)
                Parallel.forRanges(rows, grain: 64) { r in
                    for row in r {
                        let src = xb.baseAddress! + row * t
                        for o in 0..<tout {
                            let lo = max(o * s - padding, 0), hi = min(o * s - padding + kernel, t)
                            var best = lo, v = src[lo]
                            var i = lo + 1
                            while i < hi {
                                let u = src[i]
                                if u > v || u.isNaN { v = u; best = i }
                                i += 1
                            }
                            op.p[row * tout + o] = v
                            ap.p[row * tout + o] = Int32(best)
                        }
                    }
                }
            }
        }
    }
    let shape = x.shape
    return record("maxPool1d", y, [x]) { g, _ in
        let dx = Tensor(shape: shape) { d in
            g.scalars.withUnsafeBufferPointer { gb in
                argmax.withUnsafeBufferPointer { ab in
                    let dp = SendablePointer(d.baseAddress!)
                    Parallel.forRanges(rows, grain: 64) { r in
                        (dp.p + r.lowerBound * t).initialize(repeating: 0, count: r.count * t)
                        for row in r {
                            for o in 0..<tout { dp.p[row * t + Int(ab[row * tout + o])] += gb[row * tout + o] }
                        }
                    }
                }
            }
        }
        return [dx]
    }
}

/// PyTorch's AvgPool1d on [B, C, T] with count_include_pad: windows are divided by their extent
/// clipped to the padded input, so a ceil-mode window hanging past the end counts only the
/// elements it covers (for kernel 2, stride 2 on odd T the last output is the last input).
public func avgPool1d(_ x: Variable, kernel: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) -> Variable {
    let s = stride ?? kernel
    require(x.value.rank == 3, "avgPool1d: input must be [B, C, T], got \(x.shape)")
    require(kernel >= 1 && s >= 1 && padding >= 0 && padding <= kernel / 2,
                 "avgPool1d: kernel \(kernel), stride \(s), padding \(padding) invalid (padding ≤ kernel/2)")
    let rows = x.shape[0] * x.shape[1], t = x.shape[2]
    require(t + 2 * padding >= kernel, "avgPool1d: length \(t) + 2·\(padding) shorter than kernel \(kernel) for \(x.shape)")
    let span = t + 2 * padding - kernel
    var tout = (ceilMode ? (span + s - 1) / s : span / s) + 1
    // PyTorch: the last ceil-mode window must start inside the input or left padding.
    if ceilMode && (tout - 1) * s >= t + padding { tout -= 1 }
    let windows: [(lo: Int, hi: Int, scale: Float)] = (0..<tout).map { o in
        let start = o * s - padding, end = min(start + kernel, t + padding)
        return (max(start, 0), min(end, t), 1 / Float(end - start))
    }
    let xv = x.value
    let y = Tensor(shape: [x.shape[0], x.shape[1], tout]) { out in
        xv.scalars.withUnsafeBufferPointer { xb in
            let op = SendablePointer(out.baseAddress!)
            Parallel.forRanges(rows, grain: 64) { r in
                for row in r {
                    let src = xb.baseAddress! + row * t
                    for (o, w) in windows.enumerated() {
                        var acc: Float = 0
                        for i in w.lo..<w.hi { acc += src[i] }
                        op.p[row * tout + o] = acc * w.scale
                    }
                }
            }
        }
    }
    let shape = x.shape
    return record("avgPool1d", y, [x]) { g, _ in
        let dx = Tensor(shape: shape) { d in
            g.scalars.withUnsafeBufferPointer { gb in
                let dp = SendablePointer(d.baseAddress!)
                Parallel.forRanges(rows, grain: 64) { r in
                    (dp.p + r.lowerBound * t).initialize(repeating: 0, count: r.count * t)
                    for row in r {
                        for (o, w) in windows.enumerated() {
                            let v = gb[row * tout + o] * w.scale
                            for i in w.lo..<w.hi { dp.p[row * t + i] += v }
                        }
                    }
                }
            }
        }
        return [dx]
    }
}

/// fastai's AdaptiveConcatPool1d with output size 1: [B, C, T] → [B, 2C] = [max over T ‖ mean
/// over T]. The max gradient goes to the first maximum.
public func adaptiveConcatPool1d(_ x: Variable) -> Variable {
    require(x.value.rank == 3 && x.shape[2] > 0, "adaptiveConcatPool1d: input must be [B, C, T>0], got \(x.shape)")
    let b = x.shape[0], c = x.shape[1], t = x.shape[2]
    var argmax = [Int](repeating: 0, count: b * c)
    var y = [Float](repeating: 0, count: b * 2 * c)
    x.value.scalars.withUnsafeBufferPointer { xb in
        for bi in 0..<b {
            for ci in 0..<c {
                let src = xb.baseAddress! + (bi * c + ci) * t
                var best = 0, v = src[0], s: Float = 0
                for i in 0..<t {
                    s += src[i]
                    if src[i] > v { v = src[i]; best = i }
                }
                y[bi * 2 * c + ci] = v
                y[bi * 2 * c + c + ci] = s / Float(t)
                argmax[bi * c + ci] = best
            }
        }
    }
    let shape = x.shape
    return record("adaptiveConcatPool1d", Tensor(shape: [b, 2 * c], scalars: y), [x]) { g, _ in
        var dx = [Float](repeating: 0, count: b * c * t)
        for bi in 0..<b {
            for ci in 0..<c {
                let gm = g.scalars[bi * 2 * c + ci], ga = g.scalars[bi * 2 * c + c + ci] / Float(t)
                let base = (bi * c + ci) * t
                for i in 0..<t { dx[base + i] = ga }
                dx[base + argmax[bi * c + ci]] += gm
            }
        }
        return [Tensor(shape: shape, scalars: dx)]
    }
}
