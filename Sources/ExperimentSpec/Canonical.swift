import FileSupport
import Foundation

/// A spec value in canonical form: the input to stage keys and the record `explain` compares.
///
/// Two specs that mean the same thing (keys reordered, comments, `1e-3` vs `0.001`) produce the
/// same canonical values, because canonical values are built from the typed spec, never from the
/// YAML text.
public enum CanonicalValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([CanonicalValue])
    case object([String: CanonicalValue])

    /// The canonical text: JSON with sorted keys, no whitespace, shortest round-trip numbers.
    public var encoded: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Canonical.spell(d)
        case .string(let s): return JSONText.string(s)
        case .list(let l): return "[" + l.map(\.encoded).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { JSONText.string($0) + ":" + o[$0]!.encoded }.joined(separator: ",") + "}"
        }
    }

    public var description: String { encoded }

    /// Leaves by dotted path (`pretrain.lr` → `0.001`); lists stay whole, as one field.
    public func flattened(prefix: String = "") -> [String: CanonicalValue] {
        guard case .object(let o) = self else { return [prefix: self] }
        var out: [String: CanonicalValue] = [:]
        for (k, v) in o {
            let p = prefix.isEmpty ? k : "\(prefix).\(k)"
            out.merge(v.flattened(prefix: p)) { a, _ in a }
        }
        return out
    }

    /// The value at a dotted path of object keys, if any.
    public subscript(path: String) -> CanonicalValue? {
        var cur = self
        for k in path.split(separator: ".") {
            guard case .object(let o) = cur, let next = o[String(k)] else { return nil }
            cur = next
        }
        return cur
    }
}

/// Types that contribute fields to stage keys.
public protocol CanonicalRepresentable {
    /// This value in canonical form.
    var canonical: CanonicalValue { get }
}

/// Canonical spellings shared by encoding and messages.
public enum Canonical {
    /// Shortest text that reads back as the same double; integral values keep a `.0` so doubles
    /// and ints never collide.
    public static func spell(_ d: Double) -> String {
        if d == 0 { return "0.0" }  // folds -0.0 into 0.0
        return d.description
    }
}

extension Int: CanonicalRepresentable { public var canonical: CanonicalValue { .int(self) } }
extension Double: CanonicalRepresentable { public var canonical: CanonicalValue { .double(self) } }
extension Bool: CanonicalRepresentable { public var canonical: CanonicalValue { .bool(self) } }
extension String: CanonicalRepresentable { public var canonical: CanonicalValue { .string(self) } }
extension Array: CanonicalRepresentable where Element: CanonicalRepresentable {
    public var canonical: CanonicalValue { .list(map(\.canonical)) }
}
extension Optional: CanonicalRepresentable where Wrapped: CanonicalRepresentable {
    public var canonical: CanonicalValue { self?.canonical ?? .null }
}

/// An inclusive pair of bounds, e.g. a crop ratio range.
public struct ClosedInterval: Hashable, Sendable, CanonicalRepresentable {
    /// Lower bound.
    public let low: Double
    /// Upper bound (>= low).
    public let high: Double

    /// A pair with `low <= high`.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public var canonical: CanonicalValue { .list([.double(low), .double(high)]) }
}
