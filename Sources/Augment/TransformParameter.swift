/// A transformation parameter as written in an experiment file: a number, or a [low, high]
/// interval from which the transformation draws.
public enum TransformParameter: Hashable, Sendable, CustomStringConvertible {
    /// A scalar (integers are numbers with no fractional part).
    case number(Double)
    /// A closed interval [low, high].
    case interval(Double, Double)

    public var description: String {
        switch self {
        case let .number(x): return Self.format(x)
        case let .interval(a, b): return "[\(Self.format(a)), \(Self.format(b))]"
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// The set of values a number (or each end of an interval) may take.
public struct ParameterDomain: Sendable, CustomStringConvertible {
    /// Lower bound, if any, and whether it is allowed.
    public let lower: Double?
    public let lowerInclusive: Bool
    /// Upper bound, if any, and whether it is allowed.
    public let upper: Double?
    public let upperInclusive: Bool

    /// A domain from optional bounds.
    public init(lower: Double? = nil, lowerInclusive: Bool = true,
                upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower; self.lowerInclusive = lowerInclusive
        self.upper = upper; self.upperInclusive = upperInclusive
    }

    /// Whether `x` lies in the domain (NaN never does).
    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let l = lower, lowerInclusive ? x < l : x <= l { return false }
        if let u = upper, upperInclusive ? x > u : x >= u { return false }
        return true
    }

    public var description: String {
        let l = lower.map { "\(TransformParameter.format($0)) \(lowerInclusive ? "<=" : "<") " } ?? ""
        let u = upper.map { " \(upperInclusive ? "<=" : "<") \(TransformParameter.format($0))" } ?? ""
        return lower == nil && upper == nil ? "any finite number" : "\(l)value\(u)"
    }
}

/// One parameter of a transformation: its name, type, default and valid domain.
public struct ParameterSpec: Sendable {
    /// What a parameter holds.
    public enum Kind: Sendable {
        case real, integer, interval
    }
    /// The name used in experiment files.
    public let name: String
    public let kind: Kind
    public let defaultValue: TransformParameter
    /// Domain of the number, or of both ends of the interval.
    public let domain: ParameterDomain
    /// One line for help texts.
    public let summary: String

    /// A parameter specification.
    public init(_ name: String, _ kind: Kind, default defaultValue: TransformParameter,
                domain: ParameterDomain, summary: String) {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue
        self.domain = domain; self.summary = summary
    }

    /// The rule a value must satisfy, for error messages.
    public var rule: String {
        switch kind {
        case .real: return "a number with \(domain)"
        case .integer: return "an integer with \(domain)"
        case .interval: return "an interval [low, high], low <= high, each end with \(domain)"
        }
    }

    /// Throws unless `value` is of this parameter's kind and inside its domain.
    func check(_ value: TransformParameter, transform: String) throws {
        switch (kind, value) {
        case let (.real, .number(x)), let (.integer, .number(x)):
            if kind == .integer && x.isFinite && x != x.rounded() {
                throw AugmentError.wrongParameterType(transform: transform, parameter: name,
                                                      expected: "an integer", got: value.description)
            }
            guard domain.contains(x) else {
                throw AugmentError.parameterOutOfRange(transform: transform, parameter: name,
                                                       value: value.description, valid: rule)
            }
        case let (.interval, .interval(a, b)):
            guard domain.contains(a), domain.contains(b), a <= b else {
                throw AugmentError.parameterOutOfRange(transform: transform, parameter: name,
                                                       value: value.description, valid: rule)
            }
        case (.interval, .number):
            throw AugmentError.wrongParameterType(transform: transform, parameter: name,
                                                  expected: "an interval [low, high]", got: value.description)
        case (.real, .interval), (.integer, .interval):
            throw AugmentError.wrongParameterType(transform: transform, parameter: name,
                                                  expected: kind == .integer ? "an integer" : "a number",
                                                  got: value.description)
        }
    }
}

/// A transformation's validated parameters, every one present (defaults filled in).
public struct ParameterValues: Hashable, Sendable {
    /// Values by parameter name.
    public let values: [String: TransformParameter]

    /// Validates `given` against `specs` and fills in defaults.
    init(specs: [ParameterSpec], given: [String: TransformParameter], transform: String) throws {
        for name in given.keys.sorted() where !specs.contains(where: { $0.name == name }) {
            throw AugmentError.unknownParameter(transform: transform, parameter: name,
                                                valid: specs.map(\.name))
        }
        var v: [String: TransformParameter] = [:]
        for spec in specs {
            let value = given[spec.name] ?? spec.defaultValue
            try spec.check(value, transform: transform)
            v[spec.name] = value
        }
        values = v
    }

    /// Entries sorted by name (the canonical order for descriptions and hashing).
    public var sortedEntries: [(name: String, value: TransformParameter)] {
        values.keys.sorted().map { ($0, values[$0]!) }
    }

    // Accessors for validated values; a wrong name or kind is a programming error.
    func real(_ name: String) -> Double {
        guard case let .number(x)? = values[name] else { fatalError("no number parameter \(name)") }
        return x
    }

    func integer(_ name: String) -> Int { Int(real(name)) }

    func interval(_ name: String) -> (low: Double, high: Double) {
        guard case let .interval(a, b)? = values[name] else { fatalError("no interval parameter \(name)") }
        return (a, b)
    }
}
