import TensorCore

/// TimeOut (TO): zeroes one contiguous span of int(r·T) samples on every lead, r ~
/// U(crop_ratio_range), starting at randint(0, T−k−1) (so the last sample is never zeroed,
/// as in the reference).
public struct TimeOut: Transform {
    public let kind = TransformKind.timeOut
    public let parameters: ParameterValues
    let ratio: (low: Double, high: Double)

    init(_ p: ParameterValues) {
        parameters = p
        ratio = p.interval("crop_ratio_range")
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        let t = window.length
        let k = min(t - 1, Int(rng.uniform(ratio.low, ratio.high) * Double(t)))
        let start = rng.int(0...(t - k - 1))
        guard k > 0 else { return }
        for c in 0..<window.leads {
            (window.base + c * t + start).update(repeating: 0, count: k)
        }
    }
}
