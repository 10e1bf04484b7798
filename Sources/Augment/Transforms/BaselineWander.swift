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
        scratch.reserve(length: window.length)
        let t = window.length
        let curve = scratch.curve
        curve.update(repeating: 0, count: t)
        let amplitude = rng.uniform(0, cmax)
        // Sample i of cosine k is Re(e^{iφ_k} z_i^k) with z_i = e^{i·2π·fdelta·i/fs}: keep z_i^k
        // per sample and multiply by z_i once per term — independent across samples, so the
        // loop vectorises, and no cosine is evaluated inside it.
        let zRe = scratch.phasors, zIm = zRe + t, pRe = zIm + t, pIm = pRe + t
        let omega = 2 * Double.pi * fdelta / augmentSamplingRate
        for i in 0..<t {
            zRe[i] = cos(omega * Double(i)); zIm[i] = sin(omega * Double(i))
            pRe[i] = 1; pIm[i] = 0
        }
        for _ in 0..<terms {
            let a = rng.uniform(0, 1)
            let phase = rng.uniform(0, 2 * Double.pi)
            let cr = a * cos(phase), ci = a * sin(phase)
            for i in 0..<t {
                curve[i] += cr * pRe[i] - ci * pIm[i]
                let r = pRe[i] * zRe[i] - pIm[i] * zIm[i]
                pIm[i] = pRe[i] * zIm[i] + pIm[i] * zRe[i]
                pRe[i] = r
            }
        }
        for c in 0..<window.leads {
            let x = window.base + c * t
            for i in 0..<t { x[i] += Float(amplitude * curve[i]) }
        }
    }
}
