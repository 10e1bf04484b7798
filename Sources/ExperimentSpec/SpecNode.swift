import Foundation
import Yams

/// A YAML node together with where it came from (file, line, column) and its field path, so every
/// decoding failure can say exactly which field of which file is wrong.
struct SpecNode {
    let node: Node
    let path: FieldPath
    let file: String

    var location: SourceLocation? {
        node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    func error(_ message: String) -> SpecError {
        SpecError(location, path: path.description, message)
    }

    func child(_ node: Node, _ component: FieldPath.Component) -> SpecNode {
        SpecNode(node: node, path: FieldPath(components: path.components + [component]), file: file)
    }

    /// How the node looks to a user, for "got ..." parts of messages.
    var shown: String {
        switch node {
        case .scalar(let s):
            if s.style == .singleQuoted || s.style == .doubleQuoted { return "string '\(s.string)'" }
            if s.string.isEmpty || s.string == "~" || s.string.lowercased() == "null" { return "null" }
            return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The text of a plain (unquoted) scalar, the only spelling that may be a number or a bool.
    private var plainScalar: String? {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return nil }
        return s.string
    }

    func mapping() throws -> MappingReader {
        guard case .mapping(let m) = node else { throw error("expected a mapping, got \(shown)") }
        return try MappingReader(owner: self, mapping: m)
    }

    func sequence() throws -> [SpecNode] {
        guard case .sequence(let s) = node else { throw error("expected a list, got \(shown)") }
        return s.enumerated().map { child($0.element, .index($0.offset)) }
    }

    func list<T>(_ decode: (SpecNode) throws -> T) throws -> [T] {
        try sequence().map(decode)
    }

    func string() throws -> String {
        guard case .scalar(let s) = node, shown != "null" || s.style != .plain else {
            throw error("expected a string, got \(shown)")
        }
        return s.string
    }

    func nonEmptyString() throws -> String {
        let s = try string()
        guard !s.isEmpty else { throw error("expected a non-empty string, got null") }
        return s
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        guard let text = plainScalar, let v = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected an integer, got \(shown)")
        }
        guard range.contains(v) else { throw error("\(v) is out of range \(Self.describe(range))") }
        return v
    }

    func double(in range: NumericRange) throws -> Double {
        guard let text = plainScalar, let v = Double(text.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            throw error("expected a number, got \(shown)")
        }
        guard range.contains(v) else { throw error("\(Canonical.spell(v)) is out of range \(range)") }
        return v
    }

    func bool() throws -> Bool {
        switch plainScalar?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got \(shown)")
        }
    }

    /// One of a fixed set of names; the message lists the valid ones.
    func choice<E: CaseIterable & RawRepresentable>(_ type: E.Type, what: String) throws -> E where E.RawValue == String {
        let s = try string()
        if let v = E(rawValue: s) { return v }
        let valid = E.allCases.map(\.rawValue)
        throw error("unknown \(what) '\(s)'; valid: \(valid.joined(separator: ", "))\(Suggest.hint(s, among: valid))")
    }

    /// A pair `[low, high]` with low <= high inside `range`.
    func interval(in range: NumericRange) throws -> ClosedInterval {
        let items = try sequence()
        guard items.count == 2 else { throw error("expected a pair [low, high], got a list of \(items.count)") }
        let lo = try items[0].double(in: range), hi = try items[1].double(in: range)
        guard lo <= hi else { throw error("low \(Canonical.spell(lo)) is above high \(Canonical.spell(hi))") }
        return ClosedInterval(low: lo, high: hi)
    }

    static func describe(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return "[\(r.lowerBound), ∞)" }
        return "[\(r.lowerBound), \(r.upperBound)]"
    }
}

/// A numeric range with open or closed ends, for validation messages that say which.
struct NumericRange: CustomStringConvertible {
    var low: Double
    var high: Double
    var lowOpen = false
    var highOpen = false

    static let any = NumericRange(low: -.infinity, high: .infinity, lowOpen: true, highOpen: true)
    static let positive = NumericRange(low: 0, high: .infinity, lowOpen: true, highOpen: true)
    static let nonNegative = NumericRange(low: 0, high: .infinity, highOpen: true)
    static let unit = NumericRange(low: 0, high: 1)

    func contains(_ v: Double) -> Bool {
        (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high)
    }

    var description: String {
        let l = low.isInfinite ? "(-∞" : (lowOpen ? "(" : "[") + Canonical.spell(low)
        let h = high.isInfinite ? "∞)" : Canonical.spell(high) + (highOpen ? ")" : "]")
        return "\(l), \(h)"
    }
}

/// Reads a YAML mapping key by key, remembering which keys were asked for so `finish()` can reject
/// the rest as unknown fields (naming the valid ones).
final class MappingReader {
    let owner: SpecNode
    private var entries: [(key: String, keyNode: SpecNode, value: SpecNode)] = []
    private var asked: [String] = []

    init(owner: SpecNode, mapping: Node.Mapping) throws {
        self.owner = owner
        var seen = Set<String>()
        for (k, v) in mapping {
            let keyNode = SpecNode(node: k, path: owner.path, file: owner.file)
            guard case .scalar(let ks) = k else { throw keyNode.error("mapping keys must be plain names, got \(keyNode.shown)") }
            let key = ks.string
            let keyAt = owner.child(k, .key(key))
            if key == "<<" { throw keyAt.error("YAML merge keys ('<<') are not supported; write the fields out") }
            guard seen.insert(key).inserted else { throw keyAt.error("duplicate field '\(key)'") }
            entries.append((key, keyAt, owner.child(v, .key(key))))
        }
    }

    var keys: [String] { entries.map(\.key) }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value under `key`, or nil when absent.
    func optional<T>(_ key: String, _ decode: (SpecNode) throws -> T) throws -> T? {
        asked.append(key)
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        return try decode(e.value)
    }

    /// The value under `key`, or `fallback` when absent.
    func value<T>(_ key: String, default fallback: @autoclosure () -> T, _ decode: (SpecNode) throws -> T) throws -> T {
        try optional(key, decode) ?? fallback()
    }

    /// The value under `key`; a missing key is an error at the mapping.
    func required<T>(_ key: String, _ decode: (SpecNode) throws -> T) throws -> T {
        guard let v = try optional(key, decode) else {
            throw owner.error("missing required field '\(key)'")
        }
        return v
    }

    /// The raw node under `key` (for validation that needs the location after decoding).
    func node(_ key: String) -> SpecNode? { entries.first { $0.key == key }?.value }

    /// An error at the field `key` when the file wrote it, else at the mapping that would hold it
    /// (a check between a written and a defaulted field may point at either).
    func error(at key: String, _ message: String) -> SpecError { (node(key) ?? owner).error(message) }

    /// Rejects every key that was never asked for.
    func finish() throws {
        for e in entries where !asked.contains(e.key) {
            throw e.keyNode.error("unknown field '\(e.key)'; valid: \(asked.joined(separator: ", "))\(Suggest.hint(e.key, among: asked))")
        }
    }
}

/// "did you mean" hints by edit distance.
enum Suggest {
    static func hint(_ word: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, word.count / 3) else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1..<(b.count + 1) {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
