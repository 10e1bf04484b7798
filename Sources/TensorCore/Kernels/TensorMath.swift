/// Tensor-level (non-differentiable) kernels shared by the ops' forward and backward passes and
/// by optimizers: elementwise maps, broadcasting binary ops and reductions to a shape.
public enum TensorMath {
    /// Elementwise `f(x)`, parallel over ranges.
    @inlinable @inline(__always)
    public static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { xs in
                let o = SendablePointer(out.baseAddress!), xp = xs.baseAddress!
                Parallel.forRanges(xs.count) { r in for i in r { o.p[i] = f(xp[i]) } }
            }
        }
    }

    /// Elementwise lane function `f` (e.g. `VectorMath.tanh`), parallel over ranges.
    @inlinable @inline(__always)
    public static func mapVector(_ x: Tensor, _ f: (VectorMath.V) -> VectorMath.V) -> Tensor {
        var y = x.scalars
        y.withUnsafeMutableBufferPointer { yb in
            let o = SendablePointer(yb.baseAddress!)
            Parallel.forRanges(yb.count) { r in VectorMath.apply(o.p + r.lowerBound, count: r.count, f) }
        }
        return Tensor(shape: x.shape, scalars: y)
    }

    /// Elementwise `f(a, b)` for equal shapes, parallel over ranges.
    @inlinable @inline(__always)
    public static func zip(_ a: Tensor, _ b: Tensor, _ op: String = "zip", _ f: (Float, Float) -> Float) -> Tensor {
        require(a.shape == b.shape, "\(op): shapes \(a.shape) and \(b.shape) differ")
        return Tensor(shape: a.shape) { out in
            a.scalars.withUnsafeBufferPointer { ab in
                b.scalars.withUnsafeBufferPointer { bb in
                    let o = SendablePointer(out.baseAddress!), ap = ab.baseAddress!, bp = bb.baseAddress!
                    Parallel.forRanges(ab.count) { r in for i in r { o.p[i] = f(ap[i], bp[i]) } }
                }
            }
        }
    }

    /// Elementwise `Op.apply(a, b)` for equal shapes. Hot ops go through this generic path (not
    /// `zip`'s closure) because specialization inlines `apply` into the vectorizable loop.
    @inlinable
    public static func zip<Op: BinaryFloatOp>(_ a: Tensor, _ b: Tensor, _ op: Op.Type) -> Tensor {
        require(a.shape == b.shape, "\(Op.name): shapes \(a.shape) and \(b.shape) differ")
        return Tensor(shape: a.shape) { out in
            a.scalars.withUnsafeBufferPointer { ab in
                b.scalars.withUnsafeBufferPointer { bb in
                    let o = SendablePointer(out.baseAddress!), ap = ab.baseAddress!, bp = bb.baseAddress!
                    Parallel.forRanges(ab.count) { r in for i in r { o.p[i] = Op.apply(ap[i], bp[i]) } }
                }
            }
        }
    }

    /// Elementwise sum of equal shapes.
    public static func add(_ a: Tensor, _ b: Tensor) -> Tensor { zip(a, b, AddOp.self) }

    /// `a * s`.
    public static func scale(_ a: Tensor, _ s: Float) -> Tensor {
        Tensor(shape: a.shape) { out in
            a.scalars.withUnsafeBufferPointer { ab in
                let o = SendablePointer(out.baseAddress!), ap = ab.baseAddress!
                Parallel.forRanges(ab.count) { r in for i in r { o.p[i] = ap[i] * s } }
            }
        }
    }

    /// max(x, 0).
    public static func relu(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { xb in
                let o = SendablePointer(out.baseAddress!), xp = xb.baseAddress!
                Parallel.forRanges(xb.count) { r in for i in r { o.p[i] = max(xp[i], 0) } }
            }
        }
    }

    /// The shape both operands broadcast to (NumPy rules), or a stop naming `op`.
    public static func broadcastShape(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        let r = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: r - a.count) + a, pb = [Int](repeating: 1, count: r - b.count) + b
        return (0..<r).map { i in
            require(pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1,
                         "\(op): shapes \(a) and \(b) do not broadcast (axis \(i))")
            return pa[i] == 1 ? pb[i] : pa[i]
        }
    }

    /// Strides of `shape` viewed inside the broadcast shape `out` (0 along broadcast axes).
    @usableFromInline static func broadcastStrides(_ shape: [Int], to out: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: out.count - shape.count) + shape
        let s = Tensor.strides(of: padded)
        return (0..<out.count).map { padded[$0] == 1 && out[$0] != 1 ? 0 : s[$0] }
    }

    /// Elementwise `f(a, b)` with NumPy broadcasting.
    @inlinable
    public static func broadcast<Op: BinaryFloatOp>(_ a: Tensor, _ b: Tensor, _ op: Op.Type) -> Tensor {
        if a.shape == b.shape { return zip(a, b, op) }
        return broadcast(a, b, op: Op.name) { Op.apply($0, $1) }
    }

    /// Elementwise `f(a, b)` with NumPy broadcasting.
    @inlinable
    public static func broadcast(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape { return zip(a, b, op, f) }
        let outShape = broadcastShape(a.shape, b.shape, op: op)
        let sa = broadcastStrides(a.shape, to: outShape), sb = broadcastStrides(b.shape, to: outShape)
        let r = outShape.count
        let inner = r == 0 ? 1 : outShape[r - 1]
        let ia = r == 0 ? 0 : sa[r - 1], ib = r == 0 ? 0 : sb[r - 1]
        let outer = inner == 0 ? 0 : outShape.reduce(1, *) / inner
        return Tensor(shape: outShape) { out in
            a.scalars.withUnsafeBufferPointer { ab in
                b.scalars.withUnsafeBufferPointer { bb in
                    var idx = [Int](repeating: 0, count: max(r - 1, 0))
                    var offA = 0, offB = 0
                    for row in 0..<outer {
                        let o = out.baseAddress! + row * inner
                        for j in 0..<inner { o[j] = f(ab[offA + j * ia], bb[offB + j * ib]) }
                        // Odometer over the outer axes.
                        var d = r - 2
                        while d >= 0 {
                            idx[d] += 1; offA += sa[d]; offB += sb[d]
                            if idx[d] < outShape[d] { break }
                            offA -= sa[d] * idx[d]; offB -= sb[d] * idx[d]; idx[d] = 0
                            d -= 1
                        }
                    }
                }
            }
        }
    }

    /// Sums `g` (of a broadcast result's shape) down to `shape`, the shape of one operand.
    public static func sumToShape(_ g: Tensor, _ shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        if let (outer, mid, inner) = contiguousBroadcastRun(shape, g.shape) {
            // result[o, i] = Σ_m g[o, m, i], rows added in order (vectorizes over i).
            var result = [Float](repeating: 0, count: outer * inner)
            g.scalars.withUnsafeBufferPointer { gb in
                result.withUnsafeMutableBufferPointer { rb in
                    let rp = SendablePointer(rb.baseAddress!)
                    Parallel.forRanges(outer, grain: max(1, 65536 / max(mid * inner, 1))) { r in
                        for o in r {
                            let dst = rp.p + o * inner
                            for m in 0..<mid {
                                let src = gb.baseAddress! + (o * mid + m) * inner
                                for i in 0..<inner { dst[i] += src[i] }
                            }
                        }
                    }
                }
            }
            return Tensor(shape: shape, scalars: result)
        }
        let outShape = g.shape
        let st = broadcastStrides(shape, to: outShape)
        var result = [Float](repeating: 0, count: shape.reduce(1, *))
        let r = outShape.count
        g.scalars.withUnsafeBufferPointer { gb in
            result.withUnsafeMutableBufferPointer { res in
                var idx = [Int](repeating: 0, count: r)
                var off = 0
                for i in 0..<gb.count {
                    res[off] += gb[i]
                    var d = r - 1
                    while d >= 0 {
                        idx[d] += 1; off += st[d]
                        if idx[d] < outShape[d] { break }
                        off -= st[d] * idx[d]; idx[d] = 0
                        d -= 1
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// When `small` is `big` with one contiguous run of axes reduced to 1 (padding `small` with
    /// leading 1s), the (outer, run, inner) element counts around that run.
    static func contiguousBroadcastRun(_ small: [Int], _ big: [Int]) -> (Int, Int, Int)? {
        guard small.count <= big.count else { return nil }
        let padded = [Int](repeating: 1, count: big.count - small.count) + small
        let reduced = (0..<big.count).filter { padded[$0] != big[$0] }
        guard let first = reduced.first, let last = reduced.last,
              reduced.allSatisfy({ padded[$0] == 1 }), last - first + 1 == reduced.count else { return nil }
        // Axes of extent 1 in both shapes inside the run do not matter; outside it they must match.
        for i in 0..<big.count where (i < first || i > last) && padded[i] != big[i] { return nil }
        return (big[..<first].reduce(1, *), big[first...last].reduce(1, *), big[(last + 1)...].reduce(1, *))
    }

    /// `x` repeated along the axes where its (padded) shape is 1 and `shape` is not.
    public static func broadcastTo(_ x: Tensor, _ shape: [Int]) -> Tensor {
        if x.shape == shape { return x }
        guard let (outer, mid, inner) = contiguousBroadcastRun(x.shape, shape) else {
            return broadcast(Tensor.zeros(shape), x, op: "broadcastTo") { $1 }
        }
        return Tensor(shape: shape) { out in
            x.scalars.withUnsafeBufferPointer { xb in
                for o in 0..<outer {
                    for m in 0..<mid {
                        (out.baseAddress! + (o * mid + m) * inner).update(from: xb.baseAddress! + o * inner, count: inner)
                    }
                }
            }
        }
    }

    /// Sum of all elements, accumulated in Double in a fixed order.
    public static func sumAll(_ x: Tensor) -> Double {
        x.scalars.withUnsafeBufferPointer { xb in
            let chunks = Parallel.chunkCount(xb.count, grain: 65536)
            var partial = [Double](repeating: 0, count: chunks)
            partial.withUnsafeMutableBufferPointer { pb in
                let pp = SendablePointer(pb.baseAddress!)
                Parallel.forEach(chunks) { c in
                    var s = 0.0
                    for i in Parallel.range(c, of: chunks, count: xb.count) { s += Double(xb[i]) }
                    pp.p[c] = s
                }
            }
            return partial.reduce(0, +)
        }
    }
}

extension Tensor {
    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { TensorMath.broadcast(a, b, AddOp.self) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { TensorMath.broadcast(a, b, SubOp.self) }
    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { TensorMath.broadcast(a, b, MulOp.self) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { TensorMath.broadcast(a, b, DivOp.self) }
    /// Scaled copy.
    public static func * (a: Tensor, s: Float) -> Tensor { TensorMath.scale(a, s) }
    /// Scaled copy.
    public static func * (s: Float, a: Tensor) -> Tensor { TensorMath.scale(a, s) }
    /// Shifted copy.
    public static func + (a: Tensor, s: Float) -> Tensor { TensorMath.map(a) { $0 + s } }
    /// Negated copy.
    public static prefix func - (a: Tensor) -> Tensor { TensorMath.scale(a, -1) }
}

/// A binary float function known at compile time, so generic kernels inline it.
public protocol BinaryFloatOp {
    /// Name used in error messages.
    static var name: String { get }
    /// The function.
    static func apply(_ a: Float, _ b: Float) -> Float
}

/// a + b.
public enum AddOp: BinaryFloatOp {
    public static let name = "add"
    @inlinable @inline(__always) public static func apply(_ a: Float, _ b: Float) -> Float { a + b }
}

/// max(a + b, 0), the sum rounded to Float first, as `relu(a + b)` computes it.
public enum AddReluOp: BinaryFloatOp {
    public static let name = "add+relu"
    @inlinable @inline(__always) public static func apply(_ a: Float, _ b: Float) -> Float { max(a + b, 0) }
}

/// a − b.
public enum SubOp: BinaryFloatOp {
    public static let name = "sub"
    @inlinable @inline(__always) public static func apply(_ a: Float, _ b: Float) -> Float { a - b }
}

/// a · b.
public enum MulOp: BinaryFloatOp {
    public static let name = "mul"
    @inlinable @inline(__always) public static func apply(_ a: Float, _ b: Float) -> Float { a * b }
}

/// a / b.
public enum DivOp: BinaryFloatOp {
    public static let name = "div"
    @inlinable @inline(__always) public static func apply(_ a: Float, _ b: Float) -> Float { a / b }
}

/// The gradient g passed where the relu output y is positive.
public enum ReluGradOp: BinaryFloatOp {
    public static let name = "relu backward"
    @inlinable @inline(__always) public static func apply(_ g: Float, _ y: Float) -> Float { y > 0 ? g : 0 }
}
