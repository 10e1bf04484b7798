import TensorCore

/// EMNoise (EM, electromyographic): adds i.i.d. N(0, C²) to every sample, C ~ U(0, cmax) per
/// window.
public struct EMNoise: Transform {
    public let kind = TransformKind.emNoise
    public let parameters: ParameterValues
    let cmax: Double

    init(_ p: ParameterValues) {
        parameters = p
        cmax = p.real("cmax")
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        addWhiteNoise(to: window, std: rng.uniform(0, cmax), rng: &rng)
    }
}
