/// Vectorized reductions. Compilers may not reorder Float additions, so a plain `s += x[i]`
/// loop runs one add per 3–4 cycles; these keep eight lanes of partial sums (a fixed order,
/// hence deterministic) and finish with the scalar tail.
public enum Reductions {
    /// Σ p[0..<n].
    @inlinable @inline(__always)
    public static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(p)
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            acc += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += p[i]; i += 1 }
        return s
    }

    /// (Σ (x − sx)·(y − sy), Σ (x − sx)) over n elements.
    @inlinable @inline(__always)
    public static func shiftedMoments(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int,
                                      shiftX: Float, shiftY: Float) -> (product: Float, sum: Float) {
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        let vx = SIMD8<Float>(repeating: shiftX), vy = SIMD8<Float>(repeating: shiftY)
        var accP = SIMD8<Float>(repeating: 0), accS = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let u = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - vx
            let v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - vy
            accP += u * v
            accS += u
            i += 8
        }
        var p = accP.sum(), s = accS.sum()
        while i < n {
            let u = x[i] - shiftX
            p += u * (y[i] - shiftY)
            s += u
            i += 1
        }
        return (p, s)
    }
}
