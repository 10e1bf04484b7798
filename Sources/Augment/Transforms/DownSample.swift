import TensorCore

/// DownSample (an extra of the reference): keeps both endpoints and int(ratio·T) − 1 random
/// interior samples, and replaces the others by linear interpolation between kept neighbours.
/// (The reference's torch version drops T−1−int(ratio·T) interior samples through a negative
/// slice; this is the same count, written directly.)
public struct DownSample: Transform {
    public let kind = TransformKind.downSample
    public let parameters: ParameterValues
    let ratio: Double

    init(_ p: ParameterValues) {
        parameters = p
        ratio = p.real("downsample_ratio")
    }

    /// Interpolation needs two samples.
    public var minimumLength: Int { 2 }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let t = window.length
        let dropped = min(t - 2, max(0, t - 1 - Int(ratio * Double(t))))
        let kept = t - dropped
        let p = scratch.anchorPosition, q = scratch.anchorSource
        p[0] = 0
        TimeMap.sortedSample(count: kept - 2, of: 1..<(t - 1), into: p, offset: 1, rng: &rng)
        p[kept - 1] = Int32(t - 1)
        for j in 0..<kept { q[j] = p[j] }
        TimeMap.fillFromAnchors(count: kept, scratch: scratch)
        TimeMap.apply(to: window, range: 0..<t, scratch: scratch)
    }
}
