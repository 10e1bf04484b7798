import Augment

/// The spec layer's view of the augmentations: names, abbreviations, parameter schemas and
/// their validation all come from the Augment module (`TransformKind`), so a transformation
/// accepted here is exactly one the pipeline can build.
public enum TransformCatalog {
    /// The transformation called `name` (full name or abbreviation), if any.
    public static func kind(named name: String) -> TransformKind? { try? TransformKind(name: name) }

    /// Every accepted name, "FullName (ABBR)", for messages.
    static var validNames: [String] { TransformKind.validNames }

    /// Every spelling, for "did you mean" hints.
    static var spellings: [String] { TransformKind.allCases.flatMap { [$0.rawValue] + ($0.abbreviation.map { [$0] } ?? []) } }
}

/// A transform parameter's value, canonical by the parameter's declared kind (an integer
/// parameter written `3` or `3.0` is the same value).
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

    /// As the Augment module takes it.
    public var augmentParameter: TransformParameter {
        switch self {
        case .real(let d): return .number(d)
        case .integer(let i): return .number(Double(i))
        case .interval(let r): return .interval(r.low, r.high)
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

    /// The reference's abbreviation (for run folder names and report rows), else the name.
    public var abbreviation: String { TransformCatalog.kind(named: name)?.abbreviation ?? name }

    /// The Augment transformation this spec builds (validated at decoding, so this succeeds).
    public func makeTransform() throws -> any Transform {
        try TransformKind(name: name).make(parameters.mapValues(\.augmentParameter))
    }

    public var canonical: CanonicalValue {
        .object(["name": .string(name), "params": .object(parameters.mapValues(\.canonical))])
    }

    /// A catalog transform with every parameter at its default.
    static func byName(_ name: String) -> TransformSpec {
        let kind = TransformCatalog.kind(named: name)!
        return TransformSpec(kind: kind, values: try! kind.resolve([:]))
    }

    private init(kind: TransformKind, values: ParameterValues) {
        var p: [String: TransformParameterValue] = [:]
        for spec in kind.parameterSpecs {
            switch (spec.kind, values.values[spec.name]!) {
            case (.integer, .number(let x)): p[spec.name] = .integer(Int(x))
            case (_, .number(let x)): p[spec.name] = .real(x)
            case (_, .interval(let a, let b)): p[spec.name] = .interval(ClosedInterval(low: a, high: b))
            }
        }
        name = kind.rawValue
        parameters = p
    }

    /// Decodes `Name`, `Abbr`, or `Name: {param: value, ...}`; parameters are validated by the
    /// Augment module and its message is reported at the offending node.
    static func decode(_ n: SpecNode) throws -> TransformSpec {
        let nameNode: SpecNode
        var paramsNode: SpecNode?
        if case .mapping = n.node {
            let m = try n.mapping()
            guard m.keys.count == 1, let key = m.keys.first else {
                throw n.error("a transformation with parameters is written `Name: {param: value}`, got \(m.keys.count) keys")
            }
            guard let value = m.node(key) else { throw n.error("transformation '\(key)' has no value") }
            nameNode = SpecNode(node: .scalar(.init(key, .implicit, .plain, n.node.mark)), path: n.path, file: n.file)
            if case .scalar(let s) = value.node, s.string.isEmpty || s.string == "~" {} else { paramsNode = value }
        } else {
            nameNode = n
        }
        let name = try nameNode.string()
        guard let kind = TransformCatalog.kind(named: name) else {
            throw nameNode.error("unknown transformation '\(name)'; valid: \(TransformCatalog.validNames.joined(separator: ", "))"
                                 + Suggest.hint(name, among: TransformCatalog.spellings))
        }
        var given: [String: TransformParameter] = [:]
        var nodes: [String: SpecNode] = [:], keyNodes: [String: SpecNode] = [:]
        if let paramsNode {
            guard case .mapping(let m) = paramsNode.node else {
                throw paramsNode.error("expected a mapping of parameters, got \(paramsNode.shown)")
            }
            for (k, v) in m {
                let key = k.string ?? ""
                let valueNode = paramsNode.child(v, .key(key))
                nodes[key] = valueNode
                keyNodes[key] = paramsNode.child(k, .key(key))
                if case .sequence = v {
                    let r = try valueNode.interval(in: .any)
                    given[key] = .interval(r.low, r.high)
                } else {
                    given[key] = .number(try valueNode.double(in: .any))
                }
            }
        }
        do {
            return TransformSpec(kind: kind, values: try kind.resolve(given))
        } catch let e as AugmentError {
            let at: SpecNode
            switch e {
            case .unknownParameter(_, let p, _):
                at = keyNodes[p] ?? paramsNode ?? n
            case .wrongParameterType(_, let p, _, _), .parameterOutOfRange(_, let p, _, _):
                at = nodes[p] ?? paramsNode ?? n
            default:
                at = paramsNode ?? n
            }
            throw SpecError(at.location, path: at.path.description, e.description)
        }
    }
}
