/// One lead-major window ([leads, length], contiguous) that transforms modify in place.
///
/// A view, not an owner: the batch code points it into a [B, C, T] buffer, so transforms never
/// allocate or copy whole windows.
public struct WindowView {
    /// First sample of lead 0.
    public let base: UnsafeMutablePointer<Float>
    /// Number of leads (rows).
    public let leads: Int
    /// Samples per lead (columns).
    public let length: Int

    /// A view of `leads` contiguous rows of `length` samples starting at `base`.
    public init(base: UnsafeMutablePointer<Float>, leads: Int, length: Int) {
        self.base = base
        self.leads = leads
        self.length = length
    }

    /// The samples of lead `c`.
    @inline(__always)
    public func lead(_ c: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: base + c * length, count: length)
    }
}
