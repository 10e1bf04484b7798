import Foundation

/// out[k] = a[rowsA[k]] · b[rowsB[k]] for a [N, F] and b [M, F]: the dot products of chosen row
/// pairs, without the N × M score matrix (CPC's negatives drawn from every sequence of a batch
/// would need B·T × B·T scores, gigabytes at the reference's sizes). Backward scatters
/// g[k] · b[rowsB[k]] into a's rows and g[k] · a[rowsA[k]] into b's, in pair order.
public func pairDot(_ a: Variable, _ b: Variable, rowsA: [Int], rowsB: [Int]) -> Variable {
    require(a.value.rank == 2 && b.value.rank == 2 && a.shape[1] == b.shape[1],
                 "pairDot: a \(a.shape) and b \(b.shape) must be [N, F] and [M, F]")
    require(rowsA.count == rowsB.count, "pairDot: \(rowsA.count) rows of a but \(rowsB.count) rows of b")
    let (n, m, f) = (a.shape[0], b.shape[0], a.shape[1])
    require(rowsA.allSatisfy { $0 >= 0 && $0 < n } && rowsB.allSatisfy { $0 >= 0 && $0 < m },
                 "pairDot: a row index outside 0..<\(n) or b row index outside 0..<\(m)")
    let av = a.value, bv = b.value, count = rowsA.count
    var out = [Float](repeating: 0, count: count)
    av.scalars.withUnsafeBufferPointer { ap in
    bv.scalars.withUnsafeBufferPointer { bp in
    out.withUnsafeMutableBufferPointer { op in
        let (pa, pb) = (ap.baseAddress!, bp.baseAddress!)
        let po = SendablePointer(op.baseAddress!)
        let (sa, sb) = (SendablePointer(UnsafeMutablePointer(mutating: pa)), SendablePointer(UnsafeMutablePointer(mutating: pb)))
        Parallel.forRanges(count, grain: max(1, 65_536 / max(f, 1))) { r in
            for k in r {
                let x = sa.p + rowsA[k] * f, y = sb.p + rowsB[k] * f
                var s: Float = 0
                for j in 0..<f { s += x[j] * y[j] }
                po.p[k] = s
            }
        }
    }}}
    return record("pairDot", Tensor(shape: [count], scalars: out), [a, b]) { g, needs in
        var ga = needs[0] ? [Float](repeating: 0, count: n * f) : []
        var gb = needs[1] ? [Float](repeating: 0, count: m * f) : []
        g.scalars.withUnsafeBufferPointer { gp in
        av.scalars.withUnsafeBufferPointer { ap in
        bv.scalars.withUnsafeBufferPointer { bp in
        ga.withUnsafeMutableBufferPointer { gap in
        gb.withUnsafeMutableBufferPointer { gbp in
            for k in 0..<count {
                let gk = gp[k], ra = rowsA[k] * f, rb = rowsB[k] * f
                if needs[0] { for j in 0..<f { gap[ra + j] += gk * bp[rb + j] } }
                if needs[1] { for j in 0..<f { gbp[rb + j] += gk * ap[ra + j] } }
            }
        }}}}}
        return [needs[0] ? Tensor(shape: [n, f], scalars: ga) : nil, needs[1] ? Tensor(shape: [m, f], scalars: gb) : nil]
    }
}
