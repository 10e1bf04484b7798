import TensorCore

/// DynamicTimeWarp (DTW): `warps` times, around a random centre c, squeezes the core
/// c ± step·radius by `step` into c ± radius and stretches the two flanking `radius`-sample
/// stretches by `step` to fill the gap; cleared samples are linearly interpolated per lead.
/// Length and the samples outside c ± radius·(step+1) are preserved (docs/method.md §4.2).
public struct DynamicTimeWarp: Transform {
    public let kind = TransformKind.dynamicTimeWarp
    public let parameters: ParameterValues
    let warps: Int, radius: Int, step: Int

    init(_ p: ParameterValues) {
        parameters = p
        warps = p.integer("warps"); radius = p.integer("radius"); step = p.integer("step")
    }

    /// Shortest window the reference's centre range randint(r(s+1), T−r(s+1)−s−1) allows.
    public var minimumLength: Int { 2 * radius * (step + 1) + step + 1 }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        scratch.reserve(length: window.length)
        let r = radius, s = step, reach = radius * (step + 1)
        let p = scratch.anchorPosition, q = scratch.anchorSource
        for _ in 0..<warps {
            let c = rng.int(reach...(window.length - reach - s - 1))
            var n = 0
            // Left flank: source c−s·r−r ..< c−s·r lands on every s-th sample from c−r(s+1).
            for m in 0..<r { p[n] = Int32(c - reach + s * m); q[n] = Int32(c - s * r - r + m); n += 1 }
            // Core: every s-th source sample of c ± s·r lands on c − r ... c + r.
            for m in 0...(2 * r) { p[n] = Int32(c - r + m); q[n] = Int32(c - s * r + s * m); n += 1 }
            // Right flank: source c+s·r+1 ... c+s·r+r lands on every s-th sample from c+r+s.
            for m in 0..<r { p[n] = Int32(c + r + s + s * m); q[n] = Int32(c + s * r + 1 + m); n += 1 }
            TimeMap.fillFromAnchors(count: n, scratch: scratch)
            TimeMap.apply(to: window, range: Int(p[0])..<(Int(p[n - 1]) + 1), scratch: scratch)
        }
    }
}
