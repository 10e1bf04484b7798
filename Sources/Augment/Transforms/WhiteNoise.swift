import Foundation
import TensorCore

/// Adds i.i.d. N(0, std²) to every sample (GaussianNoise, EMNoise).
///
/// Marsaglia's polar method in single precision: each 64-bit draw gives two uniforms in
/// (−1, 1); an accepted pair (78.5 %) costs one log and one square root for two normals —
/// several times faster than double-precision Box–Muller, which dominated these transforms.
func addWhiteNoise(to window: WindowView, std: Double, rng: inout SeededGenerator) {
    guard std > 0 else { return }
    let x = window.base, n = window.leads * window.length
    let scale = Float(std)
    var i = 0
    while i < n {
        let bits = rng.next()
        let u = Float(Int32(truncatingIfNeeded: bits)) * 0x1p-31
        let v = Float(Int32(truncatingIfNeeded: bits >> 32)) * 0x1p-31
        let s = u * u + v * v
        guard s > 0 && s < 1 else { continue }
        let f = scale * (-2 * logf(s) / s).squareRoot()
        x[i] += u * f
        if i + 1 < n { x[i + 1] += v * f }
        i += 2
    }
}
