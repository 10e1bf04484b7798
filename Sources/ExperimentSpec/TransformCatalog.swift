/// The augmentations an experiment may name, with their abbreviations, parameters, valid ranges
/// and effective reference defaults (REFERENCE.md §2).
///
/// This table is the single place the spec layer knows about transforms: when the Augment module
/// publishes its own validation, this is the one file to switch over.
public enum TransformCatalog {
    /// One parameter's type, range and default.
    public struct Parameter: Sendable {
        /// Parameter name as written in YAML.
        public let name: String
        /// Kind and range of accepted values.
        let kind: Kind
        /// Value used when the spec omits it (nil: the parameter is required).
        public let defaultValue: TransformParameterValue?

        enum Kind: Sendable {
            case real(NumericRange)
            case integer(ClosedRange<Int>)
            case interval(NumericRange)
        }
    }

    /// One transformation: canonical name, abbreviation, parameters.
    public struct Entry: Sendable {
        /// Canonical name (the reference's class name without the T prefix).
        public let name: String
        /// The reference's abbreviation (RRC, TO, ...), also accepted in specs.
        public let abbreviation: String
        /// Accepted parameters.
        public let parameters: [Parameter]
    }

    private static func real(_ n: String, _ r: NumericRange, _ d: Double?) -> Parameter {
        Parameter(name: n, kind: .real(r), defaultValue: d.map { .real($0) })
    }
    private static func integer(_ n: String, _ r: ClosedRange<Int>, _ d: Int?) -> Parameter {
        Parameter(name: n, kind: .integer(r), defaultValue: d.map { .integer($0) })
    }
    private static func interval(_ n: String, _ r: NumericRange, _ lo: Double, _ hi: Double) -> Parameter {
        Parameter(name: n, kind: .interval(r), defaultValue: .interval(ClosedInterval(low: lo, high: hi)))
    }

    /// Every transformation, in the reference's listing order.
    public static let entries: [Entry] = [
        Entry(name: "GaussianNoise", abbreviation: "GN", parameters: [real("scale", .nonNegative, 0.005)]),
        Entry(name: "GaussianBlur", abbreviation: "GB", parameters: []),
        Entry(name: "RandomResizedCrop", abbreviation: "RRC", parameters: [
            interval("crop_ratio_range", NumericRange(low: 0, high: 1, lowOpen: true), 0.5, 1.0),
            integer("output_size", 1...Int.max, 250)]),
        Entry(name: "TimeOut", abbreviation: "TO", parameters: [
            interval("crop_ratio_range", NumericRange(low: 0, high: 1, highOpen: true), 0.2, 0.4)]),
        Entry(name: "ChannelResize", abbreviation: "ChR", parameters: [
            interval("magnitude_range", .positive, 0.5, 2)]),
        Entry(name: "DynamicTimeWarp", abbreviation: "DTW", parameters: [
            integer("warps", 0...1000, 3), integer("radius", 1...1000, 10)]),
        Entry(name: "BaselineWander", abbreviation: "BlW", parameters: [real("cmax", .nonNegative, 0.1)]),
        Entry(name: "PowerlineNoise", abbreviation: "PlN", parameters: [real("cmax", .nonNegative, 0.2)]),
        Entry(name: "EMNoise", abbreviation: "EM", parameters: [real("cmax", .nonNegative, 0.5)]),
        Entry(name: "BaselineShift", abbreviation: "BlS", parameters: [real("cmax", .nonNegative, 1.0)]),
        Entry(name: "TimeWarp", abbreviation: "TW", parameters: [real("epsilon", .nonNegative, 10)]),
        Entry(name: "Negation", abbreviation: "Neg", parameters: []),
        Entry(name: "DownSample", abbreviation: "DS", parameters: [
            real("ratio", NumericRange(low: 0, high: 1, lowOpen: true), nil)]),
        Entry(name: "Normalize", abbreviation: "Norm", parameters: []),
    ]

    /// The entry for a canonical name or abbreviation.
    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name || $0.abbreviation == name }
    }

    /// All accepted spellings, for messages.
    static var validNames: [String] { entries.map(\.name) }
}

/// A transform parameter's value.
public enum TransformParameterValue: Hashable, Sendable, CanonicalRepresentable {
    case real(Double)
    case integer(Int)
    case interval(ClosedInterval)

    public var canonical: CanonicalValue {
        switch self {
        case .real(let d): return .double(d)
        case .integer(let i): return .int(i)
        case .interval(let r): return r.canonical
        }
    }
}

/// One augmentation of a pretraining pipeline with every parameter resolved (defaults filled in),
/// so `RRC` and `RandomResizedCrop: {crop_ratio_range: [0.5, 1.0]}` are the same value.
public struct TransformSpec: Hashable, Sendable, CanonicalRepresentable {
    /// Canonical transform name.
    public let name: String
    /// Every parameter of the transform, by name.
    public let parameters: [String: TransformParameterValue]

    /// The reference's abbreviation (for run folder names and report rows).
    public var abbreviation: String { TransformCatalog.entry(named: name)?.abbreviation ?? name }

    public var canonical: CanonicalValue {
        .object(["name": .string(name), "params": .object(parameters.mapValues(\.canonical))])
    }

    /// Decodes `Name`, `Abbr`, or `Name: {param: value, ...}`.
    static func decode(_ n: SpecNode) throws -> TransformSpec {
        let nameNode: SpecNode
        var paramsReader: MappingReader?
        if case .mapping = n.node {
            let m = try n.mapping()
            guard m.keys.count == 1, let key = m.keys.first else {
                throw n.error("a transformation with parameters is written `Name: {param: value}`, got \(m.keys.count) keys")
            }
            let entryNode = m.node(key)!
            nameNode = SpecNode(node: .scalar(.init(key, .implicit, .plain, n.node.mark)), path: n.path, file: n.file)
            if case .scalar(let s) = entryNode.node, s.string.isEmpty || s.string == "~" {
                paramsReader = nil
            } else {
                paramsReader = try entryNode.mapping()
            }
        } else {
            nameNode = n
        }
        let name = try nameNode.string()
        guard let entry = TransformCatalog.entry(named: name) else {
            let valid = TransformCatalog.validNames
            throw nameNode.error("unknown transformation '\(name)'; valid: \(valid.joined(separator: ", "))"
                                 + Suggest.hint(name, among: valid + TransformCatalog.entries.map(\.abbreviation)))
        }
        var params: [String: TransformParameterValue] = [:]
        for p in entry.parameters {
            let given = try paramsReader?.optional(p.name) { v -> TransformParameterValue in
                switch p.kind {
                case .real(let r): return .real(try v.double(in: r))
                case .integer(let r): return .integer(try v.int(in: r))
                case .interval(let r): return .interval(try v.interval(in: r))
                }
            }
            guard let value = given ?? p.defaultValue else {
                throw (paramsReader?.owner ?? n).error("\(entry.name) needs parameter '\(p.name)'")
            }
            params[p.name] = value
        }
        if let r = paramsReader {
            if entry.parameters.isEmpty, let k = r.keys.first {
                throw r.owner.child(r.owner.node, .key(k)).error("\(entry.name) takes no parameters")
            }
            try r.finish()
        }
        return TransformSpec(name: entry.name, parameters: params)
    }
}
