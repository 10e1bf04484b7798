import TensorCore

/// One ECG augmentation: modifies a lead-major window in place, drawing randomness only from
/// the generator it is handed.
public protocol Transform: Sendable, CustomStringConvertible {
    /// Which catalogue entry this transform is (its canonical name and parameter schema).
    var kind: TransformKind { get }
    /// The transform's parameters, every one present (defaults filled in).
    var parameters: ParameterValues { get }
    /// Throws when a window of this shape cannot be processed (e.g. too short for the warp).
    func validate(leads: Int, length: Int) throws
    /// Augments `window` in place. Call `validate(leads:length:)` once for the shape first;
    /// `scratch` grows to the window length if needed.
    func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator)
}

extension Transform {
    /// Most transforms accept any shape.
    public func validate(leads: Int, length: Int) throws {
        if leads < 1 || length < 1 {
            throw AugmentError.badWindow(transform: kind.rawValue, leads: leads, length: length,
                                         requirement: "at least 1 lead and 1 sample")
        }
    }

    /// `Name(param=value, ...)`, parameters sorted by name.
    public var description: String {
        let p = parameters.sortedEntries.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        return "\(kind.rawValue)(\(p))"
    }
}
