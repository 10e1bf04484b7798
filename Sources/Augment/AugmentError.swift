/// Bad augmentation input: names, parameters or window shapes, each message saying what is valid.
public enum AugmentError: Error, Equatable, CustomStringConvertible {
    /// A transformation name that is neither a full name nor an abbreviation.
    case unknownTransform(name: String, valid: [String])
    /// A parameter the transformation does not have.
    case unknownParameter(transform: String, parameter: String, valid: [String])
    /// A number given where an interval is expected, or the reverse, or a fractional integer.
    case wrongParameterType(transform: String, parameter: String, expected: String, got: String)
    /// A value outside the parameter's domain.
    case parameterOutOfRange(transform: String, parameter: String, value: String, valid: String)
    /// A window shape the transformation cannot handle.
    case badWindow(transform: String, leads: Int, length: Int, requirement: String)
    /// A buffer whose shape or size does not match the call.
    case badShape(operation: String, expected: String, got: String)
    /// A noise level outside 1...6.
    case unknownNoiseLevel(Int)

    public var description: String {
        switch self {
        case let .unknownTransform(name, valid):
            return "unknown transformation '\(name)'; valid names: \(valid.joined(separator: ", "))"
        case let .unknownParameter(transform, parameter, valid):
            let list = valid.isEmpty ? "it takes no parameters" : "valid parameters: \(valid.joined(separator: ", "))"
            return "\(transform): unknown parameter '\(parameter)'; \(list)"
        case let .wrongParameterType(transform, parameter, expected, got):
            return "\(transform).\(parameter): expected \(expected), got \(got)"
        case let .parameterOutOfRange(transform, parameter, value, valid):
            return "\(transform).\(parameter) = \(value) is out of range; valid: \(valid)"
        case let .badWindow(transform, leads, length, requirement):
            return "\(transform): cannot process a window of \(leads) leads x \(length) samples; needs \(requirement)"
        case let .badShape(operation, expected, got):
            return "\(operation): expected shape \(expected), got \(got)"
        case let .unknownNoiseLevel(level):
            return "unknown noise level \(level); valid levels: 1, 2, 3, 4, 5, 6"
        }
    }
}
