import TensorCore

/// RandomResizedCrop (RRC): a random sub-window of 50–100 % of the length is stretched back to
/// full length through a random, non-uniform time map (docs/method.md §4.2).
///
/// L = int(r·T) with r ~ U(crop_ratio_range); the crop starts at randint(0, T−L−1) (0 when
/// L = T); its samples land, in order, on 0, T−1 and L−2 random distinct positions of
/// 1...T−2; the remaining samples are linear interpolations per lead.
public struct RandomResizedCrop: Transform {
    public let kind = TransformKind.randomResizedCrop
    public let parameters: ParameterValues
    let ratio: (low: Double, high: Double)

    init(_ p: ParameterValues) {
        parameters = p
        ratio = p.interval("crop_ratio_range")
    }

    public func validate(leads: Int, length: Int) throws {
        guard leads >= 1, Int(ratio.low * Double(length)) >= 2 else {
            throw AugmentError.badWindow(transform: kind.rawValue, leads: leads, length: length,
                                         requirement: "at least 1 lead and int(\(ratio.low) x length) >= 2")
        }
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let t = window.length
        let l = min(t, Int(rng.uniform(ratio.low, ratio.high) * Double(t)))
        let start = l == t ? 0 : rng.int(0...(t - l - 1))
        let p = scratch.anchorPosition, q = scratch.anchorSource
        p[0] = 0
        TimeMap.sortedSample(count: l - 2, of: 1..<(t - 1), into: p, offset: 1, rng: &rng)
        p[l - 1] = Int32(t - 1)
        for j in 0..<l { q[j] = Int32(start + j) }
        TimeMap.fillFromAnchors(count: l, scratch: scratch)
        TimeMap.apply(to: window, range: 0..<t, scratch: scratch)
    }
}
