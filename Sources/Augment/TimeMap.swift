import TensorCore

/// Piecewise-linear re-timing shared by RandomResizedCrop, DynamicTimeWarp, TimeWarp and
/// DownSample: output sample i takes the source value at a fractional index, the same for
/// every lead, so the map is built once per window and applied to each lead.
enum TimeMap {
    /// Builds the map from the first `n` anchors in `scratch`: output `anchorPosition[j]` takes
    /// source `anchorSource[j]` exactly; samples between two anchors are linearly interpolated
    /// between the anchors' source values (what the reference's `np.interp` over cleared samples
    /// does). Positions must be strictly increasing.
    static func fillFromAnchors(count n: Int, scratch s: AugmentScratch) {
        let p = s.anchorPosition, q = s.anchorSource
        let lo = s.lo, hi = s.hi, w = s.weight
        for j in 0..<n {
            let pj = Int(p[j])
            lo[pj] = q[j]; hi[pj] = q[j]; w[pj] = 0
            guard j + 1 < n else { break }
            let next = Int(p[j + 1])
            let gap = Float(next - pj)
            var i = pj + 1
            while i < next {
                lo[i] = q[j]; hi[i] = q[j + 1]; w[i] = Float(i - pj) / gap
                i += 1
            }
        }
    }

    /// Applies the map to output samples `range` of every lead of `window`, reading from a
    /// copy of the lead so overwritten samples are never read.
    static func apply(to window: WindowView, range: Range<Int>, scratch s: AugmentScratch) {
        let src = s.row, lo = s.lo, hi = s.hi, w = s.weight
        for c in 0..<window.leads {
            let lead = window.base + c * window.length
            src.update(from: lead, count: window.length)
            for i in range {
                let a = src[Int(lo[i])], b = src[Int(hi[i])]
                lead[i] = a + w[i] * (b - a)
            }
        }
    }

    /// Writes a uniformly random subset of `count` distinct values of `range`, in increasing
    /// order, to `out[offset...]` (selection sampling, Knuth's Algorithm S: one uniform per
    /// candidate, already sorted).
    static func sortedSample(count: Int, of range: Range<Int>, into out: UnsafeMutablePointer<Int32>,
                             offset: Int, rng: inout SeededGenerator) {
        var needed = count
        var remaining = range.count
        var k = offset
        var v = range.lowerBound
        while needed > 0 {
            if rng.uniform() * Double(remaining) < Double(needed) {
                out[k] = Int32(v); k += 1; needed -= 1
            }
            remaining -= 1; v += 1
        }
    }
}
