/// Normalizes possibly negative `axes` of a rank-`rank` tensor, naming `op` on bad input.
func normalizedAxes(_ axes: [Int], rank: Int, op: String) -> [Int] {
    axes.map { a in
        let n = a < 0 ? a + rank : a
        require(n >= 0 && n < rank, "\(op): axis \(a) out of range for rank \(rank)")
        return n
    }
}

/// Sum of all elements (a rank-0 result).
public func sum(_ x: Variable) -> Variable {
    let shape = x.shape
    let y = Tensor(Float(TensorMath.sumAll(x.value)))
    return record("sum", y, [x]) { g, _ in [Tensor(repeating: g.scalar, shape: shape)] }
}

/// Sum along `axes` (negative counts from the end), keeping them as size 1 when `keepDims`.
public func sum(_ x: Variable, axes: [Int], keepDims: Bool = false) -> Variable {
    let shape = x.shape
    let ax = Set(normalizedAxes(axes, rank: shape.count, op: "sum"))
    let kept = shape.enumerated().map { ax.contains($0.offset) ? 1 : $0.element }
    let dropped = shape.enumerated().filter { !ax.contains($0.offset) }.map(\.element)
    let y = TensorMath.sumToShape(x.value, kept).reshaped(keepDims ? kept : dropped)
    return record("sum(axes)", y, [x]) { g, _ in
        [TensorMath.broadcastTo(g.reshaped(kept), shape)]
    }
}

/// Mean of all elements (a rank-0 result).
public func mean(_ x: Variable) -> Variable {
    scale(sum(x), 1 / Float(max(x.value.count, 1)))
}

/// Mean along `axes`, keeping them as size 1 when `keepDims`.
public func mean(_ x: Variable, axes: [Int], keepDims: Bool = false) -> Variable {
    let ax = normalizedAxes(axes, rank: x.shape.count, op: "mean")
    let n = Set(ax).reduce(1) { $0 * x.shape[$1] }
    return scale(sum(x, axes: ax, keepDims: keepDims), 1 / Float(max(n, 1)))
}
