import TensorCore

/// TimeWarp (TW, an extra of the reference): a random monotone time map from a random walk.
/// The walk w (cumulative N(0,1) steps) is shifted to w − min(w) + epsilon > 0, its cumulative
/// sum normalised to new sample times t′ ∈ [0, T−1]; each output sample i is the signal placed
/// at times t′ and linearly interpolated at i.
public struct TimeWarp: Transform {
    public let kind = TransformKind.timeWarp
    public let parameters: ParameterValues
    let epsilon: Double

    init(_ p: ParameterValues) {
        parameters = p
        epsilon = p.real("epsilon")
    }

    /// Interpolation needs two samples.
    public var minimumLength: Int { 2 }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let t = window.length
        let times = scratch.curve
        var walk = 0.0, lowest = Double.infinity
        for i in 0..<t {
            walk += rng.normal()
            times[i] = walk
            lowest = min(lowest, walk)
        }
        var cdf = 0.0
        for i in 0..<t {
            cdf += times[i] - lowest + epsilon
            times[i] = cdf
        }
        let first = times[0], span = times[t - 1] - times[0]
        for i in 0..<t { times[i] = (times[i] - first) / span * Double(t - 1) }
        times[t - 1] = Double(t - 1)
        // Output sample i lies between new times t′[j] and t′[j+1]; both move forward together.
        let lo = scratch.lo, hi = scratch.hi, w = scratch.weight
        var j = 0
        for i in 0..<t {
            let x = Double(i)
            while j < t - 2 && times[j + 1] < x { j += 1 }
            lo[i] = Int32(j); hi[i] = Int32(j + 1)
            w[i] = Float(min(1, max(0, (x - times[j]) / (times[j + 1] - times[j]))))
        }
        TimeMap.apply(to: window, range: 0..<t, scratch: scratch)
    }
}
