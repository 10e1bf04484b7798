import TensorCore

/// Negation: x ← −x (an extra of the reference, not in its README list).
public struct Negation: Transform {
    public let kind = TransformKind.negation
    public let parameters: ParameterValues

    init(_ p: ParameterValues) { parameters = p }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        let x = window.base
        for i in 0..<(window.leads * window.length) { x[i] = -x[i] }
    }
}
