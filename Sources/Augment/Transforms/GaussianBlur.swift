import TensorCore

/// GaussianBlur (GB): per-lead convolution with the fixed kernel [0.1, 0.2, 0.4, 0.2, 0.1],
/// zero padding of 2, same length.
public struct GaussianBlur: Transform {
    public let kind = TransformKind.gaussianBlur
    public let parameters: ParameterValues

    /// The reference's fixed kernel.
    public static let kernel: [Float] = [0.1, 0.2, 0.4, 0.2, 0.1]

    init(_ p: ParameterValues) { parameters = p }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        let t = window.length
        let k0 = Self.kernel[0], k1 = Self.kernel[1], k2 = Self.kernel[2]
        for c in 0..<window.leads {
            let x = window.base + c * t
            // In place: keep the two original samples left of i, since x[i-1], x[i-2] are
            // already overwritten when x[i] is computed.
            var back2: Float = 0, back1: Float = 0
            for i in 0..<t {
                let here = x[i]
                let fwd1: Float = i + 1 < t ? x[i + 1] : 0
                let fwd2: Float = i + 2 < t ? x[i + 2] : 0
                x[i] = k0 * back2 + k1 * back1 + k2 * here + k1 * fwd1 + k0 * fwd2
                back2 = back1; back1 = here
            }
        }
    }
}
