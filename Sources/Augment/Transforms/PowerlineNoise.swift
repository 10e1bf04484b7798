import Foundation
import TensorCore

/// PowerlineNoise (PlN): s(t) = C²·Σ_{k=1}^{K} a_k cos(2π k·fn·t + φ), C ~ U(0, cmax),
/// a_k ~ U(0, 1), one phase φ ~ U(0, 2π); lead c gets s(t)·g_c, g_c ~ U(−1, 1).
/// C is applied twice, as in the reference (it defines the published strength). At 100 Hz and
/// fn = 50 Hz the odd harmonics alternate in sign every sample and the even ones are constant.
public struct PowerlineNoise: Transform {
    public let kind = TransformKind.powerlineNoise
    public let parameters: ParameterValues
    let cmax: Double, fn: Double, harmonics: Int

    init(_ p: ParameterValues) {
        parameters = p
        cmax = p.real("cmax"); fn = p.real("fn"); harmonics = p.integer("harmonics")
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let t = window.length
        let curve = scratch.curve
        curve.update(repeating: 0, count: t)
        let c = rng.uniform(0, cmax)
        let phase = rng.uniform(0, 2 * Double.pi)
        for k in 1...harmonics {
            let a = rng.uniform(0, 1)
            let omega = 2 * Double.pi * Double(k) * fn / augmentSamplingRate
            for i in 0..<t { curve[i] += a * cos(omega * Double(i) + phase) }
        }
        let scale = c * c
        for lead in 0..<window.leads {
            let gain = Float(scale * rng.uniform(-1, 1))
            let x = window.base + lead * t
            for i in 0..<t { x[i] += gain * Float(curve[i]) }
        }
    }
}
