/// Vectorised exp, sigmoid and tanh over float buffers, eight lanes at a time.
///
/// The LSTM's gate activations are a few hundred million transcendental calls per CPC epoch, and
/// libm's scalar expf/tanhf were a quarter of its time. These use the classic Cephes-style range
/// reduction and minimax polynomials (relative error of a few ulp over the whole float range),
/// in plain SIMD8 so they compile to SSE/AVX on any x86-64 or NEON on arm64. Every element,
/// including a buffer's tail, goes through the same lane code, so results do not depend on where
/// a buffer is split.
public enum VectorMath {
    public typealias V = SIMD8<Float>

    // exp(x) = 2^n · exp(r), n = round(x / ln 2), r = x − n·ln 2 (ln 2 split in two for exactness).
    @usableFromInline static let log2e: Float = 1.44269504088896341
    @usableFromInline static let ln2Hi: Float = 0.693359375
    @usableFromInline static let ln2Lo: Float = -2.12194440e-4
    // 1.5 · 2^23: adding it rounds to an integer held in the low mantissa bits.
    @usableFromInline static let roundMagic: Float = 12_582_912

    /// e^x lane-wise; arguments are clamped to [−87, 88] (results stay normal and finite).
    @inlinable @inline(__always)
    public static func exp(_ x: V) -> V {
        var xc = x.replacing(with: -87, where: x .< -87)
        xc.replace(with: 88, where: xc .> 88)
        let shifted = xc * log2e + roundMagic
        let n = shifted - roundMagic
        let r = xc - n * ln2Hi - n * ln2Lo
        var p = V(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * (r * r) + r + 1
        // bits(shifted) − bits(magic) = n; 2^n has exponent field n + 127.
        let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(V(repeating: roundMagic), to: SIMD8<Int32>.self)
        let twoN = unsafeBitCast((ni &+ 127) &<< 23, to: V.self)
        return er * twoN
    }

    /// 1 / (1 + e^−x) lane-wise.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: V) -> V {
        1 / (1 + exp(-x))
    }

    /// tanh lane-wise: an odd polynomial near zero (keeps relative precision there), else
    /// sign(x) · (1 − 2 / (e^{2|x|} + 1)).
    @inlinable @inline(__always)
    public static func tanh(_ x: V) -> V {
        let a = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: V.self)
        let z = x * x
        var p = V(repeating: -5.70498872745e-3)
        p = p * z + 2.06390887954e-2
        p = p * z - 5.37397155531e-2
        p = p * z + 1.33314422036e-1
        p = p * z - 3.33332819422e-1
        let small = p * z * x + x
        let big = 1 - 2 / (exp(2 * a) + 1)
        let signed = big.replacing(with: -big, where: x .< 0)
        return signed.replacing(with: small, where: a .< 0.625)
    }

    /// Applies `f` to `count` floats at `p` in place.
    @inlinable @inline(__always)
    public static func apply(_ p: UnsafeMutablePointer<Float>, count: Int, _ f: (V) -> V) {
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(p + i)
            raw.storeBytes(of: f(raw.loadUnaligned(as: V.self)), as: V.self)
            i += 8
        }
        if i < count {
            var v = V(repeating: 0)
            for k in 0..<(count - i) { v[k] = p[i + k] }
            let y = f(v)
            for k in 0..<(count - i) { p[i + k] = y[k] }
        }
    }

    /// In-place sigmoid of `count` floats.
    @inlinable public static func sigmoid(_ p: UnsafeMutablePointer<Float>, count: Int) { apply(p, count: count, sigmoid) }
    /// In-place tanh of `count` floats.
    @inlinable public static func tanh(_ p: UnsafeMutablePointer<Float>, count: Int) { apply(p, count: count, tanh) }
}
