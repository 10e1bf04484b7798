/// A field's address inside a spec, printed the way users write sweep paths: `pretrain.trafos[1]`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path: a mapping key or a sequence index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document root.
    public let components: [Component]

    /// The document root.
    public static let root = FieldPath(components: [])

    /// A path made of `components`.
    public init(components: [Component]) { self.components = components }

    /// Parses `a.b[2].c`; nil when the text is not a well-formed path.
    public init?(parsing text: String) {
        var out: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let bracket = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = rest[..<bracket]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            out.append(.key(String(key)))
            rest = rest[bracket...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0 else { return nil }
                out.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        components = out
    }

    /// This path extended by a key.
    public func appending(_ key: String) -> FieldPath { FieldPath(components: components + [.key(key)]) }

    /// This path extended by an index.
    public func appending(_ index: Int) -> FieldPath { FieldPath(components: components + [.index(index)]) }

    public var description: String {
        var s = ""
        for c in components {
            switch c {
            case .key(let k): s += s.isEmpty ? k : ".\(k)"
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }
}
