import TensorCore

/// BaselineShift (BlS): abrupt baseline steps. Up to int(rate·T/100 Hz + 0.5) segments
/// (count ~ randint(0, max)), each centred at randint(0, T−1) with length ~ N(L, (0.2 L)²)
/// seconds and a level ~ U(−1, 1) written over the samples it covers (later segments overwrite
/// earlier ones); the curve is scaled by C ~ U(0, cmax) and lead c gets it times
/// g_c = 2·b_c − n_c, b_c ∈ {0, 1}, n_c ~ N(1, 1) — the reference's operator-precedence gain,
/// kept because it defines the published noise.
public struct BaselineShift: Transform {
    public let kind = TransformKind.baselineShift
    public let parameters: ParameterValues
    let cmax: Double, meanSegmentLength: Double, maxSegmentsPerSecond: Double

    init(_ p: ParameterValues) {
        parameters = p
        cmax = p.real("cmax")
        meanSegmentLength = p.real("mean_segment_length")
        maxSegmentsPerSecond = p.real("max_segments_per_second")
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let t = window.length, fs = augmentSamplingRate
        let curve = scratch.curve
        curve.update(repeating: 0, count: t)
        let c = rng.uniform(0, cmax)
        let maxSegments = Int(maxSegmentsPerSecond * Double(t) / fs + 0.5)
        for _ in 0..<rng.int(0...maxSegments) {
            let mid = Double(rng.int(0...(t - 1)))
            let seconds = rng.normal(mean: meanSegmentLength, std: 0.2 * meanSegmentLength)
            let left = max(0, Int(mid - 0.5 * fs * seconds))
            let right = min(t - 1, Int(mid + 0.5 * fs * seconds))
            let level = rng.uniform(-1, 1)
            // A negative length (a 5-sigma draw) covers nothing.
            if left <= right {
                for i in left...right { curve[i] = level }
            }
        }
        for lead in 0..<window.leads {
            let gain = Float(c * (2 * Double(rng.int(0...1)) - rng.normal(mean: 1, std: 1)))
            let x = window.base + lead * t
            for i in 0..<t { x[i] += gain * Float(curve[i]) }
        }
    }
}
