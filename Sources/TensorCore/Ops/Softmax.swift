import Foundation

/// Runs `body(lane, base, stride, n)` for every 1-D lane along `axis`, lanes in parallel: `base` is
/// the lane's first element offset, `stride` its element stride. Lanes write disjoint elements.
func forEachLane(_ shape: [Int], axis: Int, _ body: (Int, Int, Int, Int) -> Void) {
    let (outer, n, inner) = splitAround(shape, axis: axis)
    let lanes = outer * inner
    Parallel.forRanges(lanes, grain: max(1, 16384 / max(n, 1))) { r in
        for lane in r { body(lane, (lane / inner) * n * inner + lane % inner, inner, n) }
    }
}

/// Softmax along `axis` (max-subtracted for stability).
public func softmax(_ x: Variable, axis: Int = -1) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "softmax")[0]
    let y = SoftmaxKernels.softmax(x.value, axis: ax)
    return record("softmax", y, [x]) { g, _ in
        // dx = y ⊙ (g − Σ g⊙y) per lane.
        [lanewise(g, y, axis: ax) { gp, yp, dp, st, n in
            var s: Float = 0
            for j in 0..<n { s += gp[j * st] * yp[j * st] }
            for j in 0..<n { dp[j * st] = yp[j * st] * (gp[j * st] - s) }
        }]
    }
}

/// log(softmax(x)) along `axis`, computed as x − logsumexp(x).
public func logSoftmax(_ x: Variable, axis: Int = -1) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "logSoftmax")[0]
    let y = lanewise(x.value, x.value, axis: ax) { xp, _, yp, st, n in
        var m = -Float.infinity
        for j in 0..<n { m = max(m, xp[j * st]) }
        var s: Float = 0
        for j in 0..<n { s += Foundation.exp(xp[j * st] - m) }
        let lse = m + Foundation.log(s)
        for j in 0..<n { yp[j * st] = xp[j * st] - lse }
    }
    return record("logSoftmax", y, [x]) { g, _ in
        // dx = g − softmax ⊙ Σ g per lane.
        [lanewise(g, y, axis: ax) { gp, yp, dp, st, n in
            var s: Float = 0
            for j in 0..<n { s += gp[j * st] }
            for j in 0..<n { dp[j * st] = gp[j * st] - Foundation.exp(yp[j * st]) * s }
        }]
    }
}

/// x / max(‖x‖₂, eps) along `axis` (PyTorch's F.normalize).
public func l2Normalize(_ x: Variable, axis: Int = -1, eps: Float = 1e-12) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "l2Normalize")[0]
    let (outer, _, inner) = splitAround(x.shape, axis: ax)
    var norms = [Float](repeating: 0, count: outer * inner)
    let y = norms.withUnsafeMutableBufferPointer { nb in
        let np = SendablePointer(nb.baseAddress!)
        return lanewise(x.value, x.value, axis: ax, lanes: np) { xp, _, yp, st, n, np in
            var s: Float = 0
            for j in 0..<n { let v = xp[j * st]; s += v * v }
            let d = max(s.squareRoot(), eps)
            np.pointee = d
            for j in 0..<n { yp[j * st] = xp[j * st] / d }
        }
    }
    return record("l2Normalize", y, [x]) { g, _ in
        norms.withUnsafeBufferPointer { nb in
            let np = SendablePointer(UnsafeMutablePointer(mutating: nb.baseAddress!))
            return [lanewise(g, y, axis: ax, lanes: np) { gp, yp, dp, st, n, np in
                let d = np.pointee
                // Below eps the denominator is a constant, so the map is linear there.
                var s: Float = 0
                if d != eps { for j in 0..<n { s += gp[j * st] * yp[j * st] } }
                for j in 0..<n { dp[j * st] = (gp[j * st] - yp[j * st] * s) / d }
            }]
        }
    }
}

/// A new tensor of `a`'s shape filled lane by lane (in parallel) from lanes of `a` and `b`.
func lanewise(_ a: Tensor, _ b: Tensor, axis: Int,
              _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void) -> Tensor {
    Tensor(shape: a.shape) { out in
        a.scalars.withUnsafeBufferPointer { ab in
            b.scalars.withUnsafeBufferPointer { bb in
                let o = SendablePointer(out.baseAddress!)
                forEachLane(a.shape, axis: axis) { _, base, st, n in
                    body(ab.baseAddress! + base, bb.baseAddress! + base, o.p + base, st, n)
                }
            }
        }
    }
}

/// `lanewise` that also hands each lane its own slot of a per-lane array.
func lanewise(_ a: Tensor, _ b: Tensor, axis: Int, lanes: SendablePointer<Float>,
              _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
    Tensor(shape: a.shape) { out in
        a.scalars.withUnsafeBufferPointer { ab in
            b.scalars.withUnsafeBufferPointer { bb in
                let o = SendablePointer(out.baseAddress!)
                forEachLane(a.shape, axis: axis) { lane, base, st, n in
                    body(ab.baseAddress! + base, bb.baseAddress! + base, o.p + base, st, n, lanes.p + lane)
                }
            }
        }
    }
}

/// Softmax kernels shared with tensor-level code (e.g. SwAV assignments).
public enum SoftmaxKernels {
    /// Softmax of a tensor along `axis`.
    public static func softmax(_ x: Tensor, axis: Int) -> Tensor {
        lanewise(x, x, axis: axis) { xp, _, yp, st, n in
            var m = -Float.infinity
            for j in 0..<n { m = max(m, xp[j * st]) }
            var s: Float = 0
            for j in 0..<n { let e = Foundation.exp(xp[j * st] - m); yp[j * st] = e; s += e }
            for j in 0..<n { yp[j * st] /= s }
        }
    }
}
