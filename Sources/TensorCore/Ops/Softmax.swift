import Foundation

/// Visits every 1-D lane along `axis`: `body(base, stride, n)` gets the lane's first element
/// offset and the element stride.
func forEachLane(_ shape: [Int], axis: Int, _ body: (Int, Int, Int) -> Void) {
    let (outer, n, inner) = splitAround(shape, axis: axis)
    for o in 0..<outer { for i in 0..<inner { body(o * n * inner + i, inner, n) } }
}

/// Softmax along `axis` (max-subtracted for stability).
public func softmax(_ x: Variable, axis: Int = -1) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "softmax")[0]
    let y = SoftmaxKernels.softmax(x.value, axis: ax)
    return record("softmax", y, [x]) { g, _ in
        // dx = y ⊙ (g − Σ g⊙y) per lane.
        var dx = [Float](repeating: 0, count: g.count)
        forEachLane(g.shape, axis: ax) { base, st, n in
            var s: Float = 0
            for j in 0..<n { s += g.scalars[base + j * st] * y.scalars[base + j * st] }
            for j in 0..<n { dx[base + j * st] = y.scalars[base + j * st] * (g.scalars[base + j * st] - s) }
        }
        return [Tensor(shape: g.shape, scalars: dx)]
    }
}

/// log(softmax(x)) along `axis`, computed as x − logsumexp(x).
public func logSoftmax(_ x: Variable, axis: Int = -1) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "logSoftmax")[0]
    let xv = x.value
    var y = [Float](repeating: 0, count: xv.count)
    forEachLane(xv.shape, axis: ax) { base, st, n in
        var m = -Float.infinity
        for j in 0..<n { m = max(m, xv.scalars[base + j * st]) }
        var s: Float = 0
        for j in 0..<n { s += Foundation.exp(xv.scalars[base + j * st] - m) }
        let lse = m + Foundation.log(s)
        for j in 0..<n { y[base + j * st] = xv.scalars[base + j * st] - lse }
    }
    let yt = Tensor(shape: xv.shape, scalars: y)
    return record("logSoftmax", yt, [x]) { g, _ in
        // dx = g − softmax ⊙ Σ g per lane.
        var dx = [Float](repeating: 0, count: g.count)
        forEachLane(g.shape, axis: ax) { base, st, n in
            var s: Float = 0
            for j in 0..<n { s += g.scalars[base + j * st] }
            for j in 0..<n { dx[base + j * st] = g.scalars[base + j * st] - Foundation.exp(y[base + j * st]) * s }
        }
        return [Tensor(shape: g.shape, scalars: dx)]
    }
}

/// x / max(‖x‖₂, eps) along `axis` (PyTorch's F.normalize).
public func l2Normalize(_ x: Variable, axis: Int = -1, eps: Float = 1e-12) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "l2Normalize")[0]
    let xv = x.value
    var y = [Float](repeating: 0, count: xv.count)
    var norms = [Float]()
    forEachLane(xv.shape, axis: ax) { base, st, n in
        var s: Float = 0
        for j in 0..<n { let v = xv.scalars[base + j * st]; s += v * v }
        let d = max(s.squareRoot(), eps)
        norms.append(d)
        for j in 0..<n { y[base + j * st] = xv.scalars[base + j * st] / d }
    }
    let yt = Tensor(shape: xv.shape, scalars: y)
    return record("l2Normalize", yt, [x]) { g, _ in
        var dx = [Float](repeating: 0, count: g.count)
        var lane = 0
        forEachLane(g.shape, axis: ax) { base, st, n in
            let d = norms[lane]; lane += 1
            // Below eps the denominator is a constant, so the map is linear there.
            let clamped = d == eps
            var s: Float = 0
            if !clamped { for j in 0..<n { s += g.scalars[base + j * st] * y[base + j * st] } }
            for j in 0..<n { dx[base + j * st] = (g.scalars[base + j * st] - y[base + j * st] * s) / d }
        }
        return [Tensor(shape: g.shape, scalars: dx)]
    }
}

/// Softmax kernels shared with tensor-level code (e.g. SwAV assignments).
public enum SoftmaxKernels {
    /// Softmax of a tensor along `axis`.
    public static func softmax(_ x: Tensor, axis: Int) -> Tensor {
        var y = [Float](repeating: 0, count: x.count)
        forEachLane(x.shape, axis: axis) { base, st, n in
            var m = -Float.infinity
            for j in 0..<n { m = max(m, x.scalars[base + j * st]) }
            var s: Float = 0
            for j in 0..<n { let e = Foundation.exp(x.scalars[base + j * st] - m); y[base + j * st] = e; s += e }
            for j in 0..<n { y[base + j * st] /= s }
        }
        return Tensor(shape: x.shape, scalars: y)
    }
}
