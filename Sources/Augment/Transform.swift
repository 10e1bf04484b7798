import TensorCore

/// One ECG augmentation: modifies a lead-major window in place, drawing randomness only from
/// the generator it is handed.
public protocol Transform: Sendable, CustomStringConvertible {
    /// Which catalogue entry this transform is (its canonical name and parameter schema).
    var kind: TransformKind { get }
    /// The transform's parameters, every one present (defaults filled in).
    var parameters: ParameterValues { get }
    /// The fewest samples per lead a window needs (the default `validate` checks it).
    var minimumLength: Int { get }
    /// Throws when a window of this shape cannot be processed (e.g. too short for the warp).
    func validate(leads: Int, length: Int) throws
    /// Augments `window` in place. Call `validate(leads:length:)` once for the shape first;
    /// `scratch` grows to the window length if needed.
    func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator)
}

extension Transform {
    /// Most transforms accept any non-empty window.
    public var minimumLength: Int { 1 }

    /// At least one lead and `minimumLength` samples.
    public func validate(leads: Int, length: Int) throws {
        if leads < 1 || length < minimumLength {
            throw AugmentError.badWindow(transform: kind.rawValue, leads: leads, length: length,
                                         requirement: "at least 1 lead and \(minimumLength) sample\(minimumLength == 1 ? "" : "s")")
        }
    }

    /// `Name(param=value, ...)`, parameters sorted by name.
    public var description: String {
        let p = parameters.sortedEntries.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        return "\(kind.rawValue)(\(p))"
    }
}
