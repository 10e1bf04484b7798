import Foundation
import TensorCore

/// BaselineWander (BlW): adds one low-frequency curve, the same on all leads,
/// n(t) = C·Σ_{k=0}^{K−1} a_k cos(2π k·fdelta·t + φ_k), C ~ U(0, cmax), a_k ~ U(0, 1),
/// φ_k ~ U(0, 2π), K = int(fc/fdelta + 0.5), t = i / 100 Hz (the k = 0 term is a random offset).
public struct BaselineWander: Transform {
    public let kind = TransformKind.baselineWander
    public let parameters: ParameterValues
    let cmax: Double, fc: Double, fdelta: Double

    /// Highest representable frequency at the fixed sampling rate.
    public static let nyquist = augmentSamplingRate / 2

    init(_ p: ParameterValues) {
        parameters = p
        cmax = p.real("cmax"); fc = p.real("fc"); fdelta = p.real("fdelta")
    }

    /// Number of cosines.
    var terms: Int { Int(fc / fdelta + 0.5) }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        let t = window.length
        let curve = scratch.curve
        curve.update(repeating: 0, count: t)
        let amplitude = rng.uniform(0, cmax)
        for k in 0..<terms {
            let a = rng.uniform(0, 1)
            let phase = rng.uniform(0, 2 * Double.pi)
            // cos(ωi + φ) by rotating a unit phasor: one complex multiply per sample instead
            // of a cosine; the rounding drift over 10⁴ steps stays below 1e-11.
            let omega = 2 * Double.pi * Double(k) * fdelta / augmentSamplingRate
            let stepRe = cos(omega), stepIm = sin(omega)
            var re = cos(phase), im = sin(phase)
            for i in 0..<t {
                curve[i] += a * re
                let nr = re * stepRe - im * stepIm
                im = re * stepIm + im * stepRe
                re = nr
            }
        }
        for c in 0..<window.leads {
            let x = window.base + c * t
            for i in 0..<t { x[i] += Float(amplitude * curve[i]) }
        }
    }
}
