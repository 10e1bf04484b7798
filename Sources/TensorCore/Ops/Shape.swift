/// Splits `shape` around `axis` into (outer, extent, inner) element counts.
func splitAround(_ shape: [Int], axis: Int) -> (outer: Int, n: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}

/// The same elements under `shape` (one extent may be -1, inferred).
public func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
    var s = shape
    if let i = s.firstIndex(of: -1) {
        let known = s.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
        require(known > 0 && x.value.count % known == 0, "reshape: cannot view \(x.shape) as \(shape)")
        s[i] = x.value.count / known
    }
    require(s.reduce(1, *) == x.value.count, "reshape: cannot view \(x.shape) (\(x.value.count) elements) as \(shape)")
    let old = x.shape
    return record("reshape", x.value.reshaped(s), [x]) { g, _ in [g.reshaped(old)] }
}

/// Axes reordered: result axis i is input axis `perm[i]`.
public func permute(_ x: Variable, _ perm: [Int]) -> Variable {
    require(perm.sorted() == Array(0..<x.shape.count), "permute: \(perm) is not a permutation of the axes of \(x.shape)")
    var inverse = perm
    for (i, p) in perm.enumerated() { inverse[p] = i }
    return record("permute", TensorMath.permute(x.value, perm), [x]) { g, _ in [TensorMath.permute(g, inverse)] }
}

/// Two axes swapped.
public func transpose(_ x: Variable, _ a: Int, _ b: Int) -> Variable {
    let ax = normalizedAxes([a, b], rank: x.shape.count, op: "transpose")
    var perm = Array(0..<x.shape.count)
    perm.swapAt(ax[0], ax[1])
    return permute(x, perm)
}

/// Inputs joined along `axis` (all other extents equal).
public func concat(_ xs: [Variable], axis: Int) -> Variable {
    require(!xs.isEmpty, "concat: no inputs")
    let rank = xs[0].shape.count
    let ax = normalizedAxes([axis], rank: rank, op: "concat")[0]
    for x in xs {
        require(x.shape.count == rank && x.shape.enumerated().allSatisfy { $0.offset == ax || $0.element == xs[0].shape[$0.offset] },
                     "concat: shapes \(xs.map(\.shape)) differ off axis \(ax)")
    }
    let extents = xs.map { $0.shape[ax] }
    var outShape = xs[0].shape
    outShape[ax] = extents.reduce(0, +)
    let (outer, total, inner) = splitAround(outShape, axis: ax)
    let y = Tensor(shape: outShape) { out in
        var offset = 0
        for x in xs {
            let e = x.shape[ax]
            x.value.scalars.withUnsafeBufferPointer { xb in
                for o in 0..<outer {
                    (out.baseAddress! + (o * total + offset) * inner)
                        .update(from: xb.baseAddress! + o * e * inner, count: e * inner)
                }
            }
            offset += e
        }
    }
    return record("concat", y, xs) { g, needs in
        var offset = 0
        return extents.enumerated().map { i, e in
            defer { offset += e }
            guard needs[i] else { return nil }
            return TensorMath.sliceAxis(g, axis: ax, range: offset..<(offset + e))
        }
    }
}

/// The sub-tensor with indices `range` along `axis`.
public func slice(_ x: Variable, axis: Int, range: Range<Int>) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "slice")[0]
    require(range.lowerBound >= 0 && range.upperBound <= x.shape[ax],
                 "slice: range \(range) out of bounds for axis \(ax) of \(x.shape)")
    let shape = x.shape
    return record("slice", TensorMath.sliceAxis(x.value, axis: ax, range: range), [x]) { g, _ in
        [TensorMath.scatterAxis(g, into: shape, axis: ax, indices: Array(range))]
    }
}

/// Index selection along `axis`: result index i along `axis` is input index `indices[i]`
/// (repeats allowed; their gradients add up).
public func gather(_ x: Variable, axis: Int, indices: [Int]) -> Variable {
    let ax = normalizedAxes([axis], rank: x.shape.count, op: "gather")[0]
    let n = x.shape[ax]
    for i in indices { require(i >= 0 && i < n, "gather: index \(i) out of range for axis \(ax) of \(x.shape)") }
    let shape = x.shape
    return record("gather", TensorMath.gatherAxis(x.value, axis: ax, indices: indices), [x]) { g, _ in
        [TensorMath.scatterAxis(g, into: shape, axis: ax, indices: indices)]
    }
}

extension TensorMath {
    /// Axes reordered: result axis i is input axis `perm[i]`.
    public static func permute(_ x: Tensor, _ perm: [Int]) -> Tensor {
        let inShape = x.shape, r = inShape.count
        let outShape = perm.map { inShape[$0] }
        if perm == Array(0..<r) { return x }
        if r >= 2 && perm == Array(0..<(r - 2)) + [r - 1, r - 2] {
            return transposeLastTwo(x)
        }
        let inStrides = Tensor.strides(of: inShape)
        let st = perm.map { inStrides[$0] }
        return Tensor(shape: outShape) { out in
            guard out.count > 0 else { return }
            x.scalars.withUnsafeBufferPointer { xb in
                var idx = [Int](repeating: 0, count: r)
                var off = 0
                for i in 0..<out.count {
                    out[i] = xb[off]
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
    }

    /// [..., R, C] → [..., C, R] in 32×32 tiles, matrices in parallel.
    static func transposeLastTwo(_ x: Tensor) -> Tensor {
        let r = x.shape.count, rows = x.shape[r - 2], cols = x.shape[r - 1]
        let mats = x.shape[..<(r - 2)].reduce(1, *), size = rows * cols
        var outShape = x.shape
        outShape.swapAt(r - 2, r - 1)
        return Tensor(shape: outShape) { out in
            guard size > 0 else { return }
            x.scalars.withUnsafeBufferPointer { xb in
                let o = SendablePointer(out.baseAddress!), xp = xb.baseAddress!
                Parallel.forRanges(mats, grain: max(1, 65536 / size)) { range in
                    for m in range {
                        let src = xp + m * size, dst = o.p + m * size
                        for i0 in stride(from: 0, to: rows, by: 32) {
                            for j0 in stride(from: 0, to: cols, by: 32) {
                                for i in i0..<min(i0 + 32, rows) {
                                    for j in j0..<min(j0 + 32, cols) { dst[j * rows + i] = src[i * cols + j] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Indices `range` along `axis`.
    public static func sliceAxis(_ x: Tensor, axis: Int, range: Range<Int>) -> Tensor {
        gatherAxis(x, axis: axis, indices: Array(range))
    }

    /// Index selection along `axis`.
    public static func gatherAxis(_ x: Tensor, axis: Int, indices: [Int]) -> Tensor {
        let (outer, n, inner) = splitAround(x.shape, axis: axis)
        var outShape = x.shape
        outShape[axis] = indices.count
        let picks = indices.count
        return Tensor(shape: outShape) { out in
            guard out.count > 0 else { return }
            x.scalars.withUnsafeBufferPointer { xb in
                indices.withUnsafeBufferPointer { ib in
                    let xp = xb.baseAddress!, ip = ib.baseAddress!, op = SendablePointer(out.baseAddress!)
                    // Each output slice is written once, so any cut of the (o, j) pairs gives the same bytes;
                    // single scalars (CPC's picked logits) are copied directly rather than one memcpy each.
                    Parallel.forRanges(outer * picks, grain: max(1, 32768 / max(inner, 1))) { range in
                        for r in range {
                            let o = r / picks, src = xp + (o * n + ip[r - o * picks]) * inner
                            if inner == 1 { op.p[r] = src.pointee } else { (op.p + r * inner).update(from: src, count: inner) }
                        }
                    }
                }
            }
        }
    }

    /// Zeros of `shape` with `g`'s slices added at `indices` along `axis` (gather's adjoint).
    public static func scatterAxis(_ g: Tensor, into shape: [Int], axis: Int, indices: [Int]) -> Tensor {
        let (outer, n, inner) = splitAround(shape, axis: axis)
        let count = shape.reduce(1, *)
        guard count > 0, !indices.isEmpty else { return Tensor.zeros(shape) }
        return Tensor(shape: shape) { res in
            let rp = SendablePointer(res.baseAddress!)
            Parallel.forRanges(count) { r in (rp.p + r.lowerBound).initialize(repeating: 0, count: r.count) }
            g.scalars.withUnsafeBufferPointer { gb in
                // Serial: repeated indices add into one slice in index order.
                let gp = gb.baseAddress!
                for o in 0..<outer {
                    for (j, i) in indices.enumerated() {
                        let src = gp + (o * indices.count + j) * inner, dst = rp.p + (o * n + i) * inner
                        for t in 0..<inner { dst[t] += src[t] }
                    }
                }
            }
        }
    }
}
