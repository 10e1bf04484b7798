import TensorCore

/// GaussianNoise (GN): adds i.i.d. N(0, scale²) noise to every sample of every lead.
public struct GaussianNoise: Transform {
    public let kind = TransformKind.gaussianNoise
    public let parameters: ParameterValues
    let scale: Double

    init(_ p: ParameterValues) {
        parameters = p
        scale = p.real("scale")
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        addWhiteNoise(to: window, std: scale, rng: &rng)
    }
}
