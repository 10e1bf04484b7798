/// Working memory for transforms, owned by one worker and reused for every window it handles,
/// so the per-window hot path never allocates. A class only because it owns raw buffers.
public final class AugmentScratch {
    /// Capacity (samples) of every buffer.
    public private(set) var capacity: Int
    /// A copy of one lead (time-map transforms read from it while overwriting the lead).
    private(set) var row: UnsafeMutablePointer<Float>
    /// A per-window curve shared by all leads (noise transforms), accumulated in double.
    private(set) var curve: UnsafeMutablePointer<Double>
    /// Four more per-sample doubles (two complex phasors per sample, BaselineWander).
    private(set) var phasors: UnsafeMutablePointer<Double>
    /// Time map: output sample i reads source index lo[i] blended towards hi[i] by weight[i].
    private(set) var lo: UnsafeMutablePointer<Int32>
    private(set) var hi: UnsafeMutablePointer<Int32>
    private(set) var weight: UnsafeMutablePointer<Float>
    /// Anchor positions (output index) and the source index each anchor takes.
    private(set) var anchorPosition: UnsafeMutablePointer<Int32>
    private(set) var anchorSource: UnsafeMutablePointer<Int32>

    /// Scratch for windows of up to `length` samples per lead; `reserve` grows it.
    public init(length: Int = 0) {
        capacity = max(length, 1)
        (row, curve, phasors, lo, hi, weight, anchorPosition, anchorSource) = Self.allocate(capacity)
    }

    /// Makes every buffer hold at least `length` elements (a no-op once large enough).
    public func reserve(length: Int) {
        guard capacity < length else { return }
        release()
        capacity = length
        (row, curve, phasors, lo, hi, weight, anchorPosition, anchorSource) = Self.allocate(length)
    }

    private static func allocate(_ n: Int) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                                               UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Float>,
                                               UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        (.allocate(capacity: n), .allocate(capacity: n), .allocate(capacity: 4 * n), .allocate(capacity: n),
         .allocate(capacity: n), .allocate(capacity: n), .allocate(capacity: n), .allocate(capacity: n))
    }

    private func release() {
        row.deallocate(); curve.deallocate(); phasors.deallocate(); lo.deallocate(); hi.deallocate()
        weight.deallocate(); anchorPosition.deallocate(); anchorSource.deallocate()
    }

    deinit { release() }
}
