/// The six PTB-XL label sets of the reference (docs/method.md §1.1), named as in experiment specs.
public enum LabelSet: String, CaseIterable, Codable, Sendable {
    /// Every statement (71 on real PTB-XL).
    case all
    /// Statements flagged diagnostic (44).
    case diag
    /// Form statements (19).
    case form
    /// Rhythm statements (12).
    case rhythm
    /// Diagnostic subclasses (23).
    case subdiag
    /// Diagnostic superclasses (5).
    case superdiag
}
