/// The catalogue of transformations: canonical names, the reference's abbreviations, parameter
/// schemas with the reference's effective defaults (docs/method.md §4), and construction.
public enum TransformKind: String, CaseIterable, Sendable {
    case randomResizedCrop = "RandomResizedCrop"
    case timeOut = "TimeOut"
    case dynamicTimeWarp = "DynamicTimeWarp"
    case channelResize = "ChannelResize"
    case gaussianNoise = "GaussianNoise"
    case gaussianBlur = "GaussianBlur"
    case baselineWander = "BaselineWander"
    case powerlineNoise = "PowerlineNoise"
    case emNoise = "EMNoise"
    case baselineShift = "BaselineShift"
    case normalize = "Normalize"
    case negation = "Negation"
    case timeWarp = "TimeWarp"
    case downSample = "DownSample"

    /// The reference's short name (used in its run-folder names), if it has one.
    public var abbreviation: String? {
        switch self {
        case .randomResizedCrop: return "RRC"
        case .timeOut: return "TO"
        case .dynamicTimeWarp: return "DTW"
        case .channelResize: return "ChR"
        case .gaussianNoise: return "GN"
        case .gaussianBlur: return "GB"
        case .baselineWander: return "BlW"
        case .powerlineNoise: return "PlN"
        case .emNoise: return "EM"
        case .baselineShift: return "BlS"
        case .timeWarp: return "TW"
        case .normalize, .negation, .downSample: return nil
        }
    }

    /// Every accepted name, "FullName (ABBR)", for error messages and help.
    public static var validNames: [String] {
        allCases.map { k in k.abbreviation.map { "\(k.rawValue) (\($0))" } ?? k.rawValue }
    }

    /// The kind named by a full name or an abbreviation (exact spelling).
    public init(name: String) throws {
        guard let k = Self(rawValue: name) ?? Self.allCases.first(where: { $0.abbreviation == name }) else {
            throw AugmentError.unknownTransform(name: name, valid: Self.validNames)
        }
        self = k
    }

    /// The parameters this transformation takes, with defaults and valid domains.
    public var parameterSpecs: [ParameterSpec] {
        let positive = ParameterDomain(lower: 0, lowerInclusive: false)
        let amplitude = ParameterDomain(lower: 0, upper: 100)
        switch self {
        case .randomResizedCrop:
            return [ParameterSpec("crop_ratio_range", .interval, default: .interval(0.5, 1.0),
                                  domain: ParameterDomain(lower: 0, lowerInclusive: false, upper: 1),
                                  summary: "fraction of the window kept before stretching it back to full length")]
        case .timeOut:
            return [ParameterSpec("crop_ratio_range", .interval, default: .interval(0.2, 0.4),
                                  domain: ParameterDomain(lower: 0, upper: 1, upperInclusive: false),
                                  summary: "fraction of the window zeroed on all leads")]
        case .dynamicTimeWarp:
            return [ParameterSpec("warps", .integer, default: .number(3), domain: ParameterDomain(lower: 0, upper: 100),
                                  summary: "number of squeeze/stretch operations"),
                    ParameterSpec("radius", .integer, default: .number(10), domain: ParameterDomain(lower: 1, upper: 10_000),
                                  summary: "half-width (samples) of the squeezed core"),
                    ParameterSpec("step", .integer, default: .number(2), domain: ParameterDomain(lower: 1, upper: 100),
                                  summary: "squeeze factor of the core")]
        case .channelResize:
            return [ParameterSpec("magnitude_range", .interval, default: .interval(0.5, 2.0),
                                  domain: ParameterDomain(lower: 0, lowerInclusive: false, upper: 1000),
                                  summary: "range of the per-lead gain, drawn log-uniformly")]
        case .gaussianNoise:
            return [ParameterSpec("scale", .real, default: .number(0.005), domain: amplitude,
                                  summary: "standard deviation (mV) of the i.i.d. noise")]
        case .gaussianBlur, .normalize, .negation:
            return []
        case .baselineWander:
            return [ParameterSpec("cmax", .real, default: .number(0.1), domain: amplitude,
                                  summary: "maximum amplitude scale C (drawn uniformly in [0, cmax])"),
                    ParameterSpec("fc", .real, default: .number(0.5),
                                  domain: ParameterDomain(lower: 0, lowerInclusive: false, upper: BaselineWander.nyquist),
                                  summary: "cutoff frequency (Hz) of the wander"),
                    ParameterSpec("fdelta", .real, default: .number(0.01),
                                  domain: ParameterDomain(lower: 0.001, upper: BaselineWander.nyquist),
                                  summary: "frequency spacing (Hz) of the wander's cosines")]
        case .powerlineNoise:
            return [ParameterSpec("cmax", .real, default: .number(0.2), domain: amplitude,
                                  summary: "maximum amplitude scale C (applied twice, as in the reference)"),
                    ParameterSpec("fn", .real, default: .number(50), domain: positive,
                                  summary: "mains frequency (Hz)"),
                    ParameterSpec("harmonics", .integer, default: .number(3), domain: ParameterDomain(lower: 1, upper: 100),
                                  summary: "number of harmonics K")]
        case .emNoise:
            return [ParameterSpec("cmax", .real, default: .number(0.5), domain: amplitude,
                                  summary: "maximum standard deviation (mV) of the i.i.d. noise")]
        case .baselineShift:
            return [ParameterSpec("cmax", .real, default: .number(1.0), domain: amplitude,
                                  summary: "maximum amplitude scale C"),
                    ParameterSpec("mean_segment_length", .real, default: .number(3), domain: positive,
                                  summary: "mean length (s) of a shifted segment"),
                    ParameterSpec("max_segments_per_second", .real, default: .number(0.3),
                                  domain: ParameterDomain(lower: 0, upper: 100),
                                  summary: "maximum number of shifts per second of signal")]
        case .timeWarp:
            return [ParameterSpec("epsilon", .real, default: .number(10), domain: positive,
                                  summary: "offset keeping the random-walk speed positive (larger = milder warp)")]
        case .downSample:
            return [ParameterSpec("downsample_ratio", .real, default: .number(0.8),
                                  domain: ParameterDomain(lower: 0, lowerInclusive: false, upper: 1),
                                  summary: "fraction of samples kept; the others are linearly interpolated")]
        }
    }

    /// Validates `parameters` (unknown names, types, ranges) and fills in defaults.
    public func resolve(_ parameters: [String: TransformParameter]) throws -> ParameterValues {
        try ParameterValues(specs: parameterSpecs, given: parameters, transform: rawValue)
    }

    /// A transform of this kind with validated parameters.
    public func make(_ parameters: [String: TransformParameter] = [:]) throws -> any Transform {
        let v = try resolve(parameters)
        switch self {
        case .randomResizedCrop: return RandomResizedCrop(v)
        case .timeOut: return TimeOut(v)
        case .dynamicTimeWarp: return DynamicTimeWarp(v)
        case .channelResize: return ChannelResize(v)
        case .gaussianNoise: return GaussianNoise(v)
        case .gaussianBlur: return GaussianBlur(v)
        case .baselineWander: return BaselineWander(v)
        case .powerlineNoise: return PowerlineNoise(v)
        case .emNoise: return EMNoise(v)
        case .baselineShift: return BaselineShift(v)
        case .normalize: return Normalize(v)
        case .negation: return Negation(v)
        case .timeWarp: return TimeWarp(v)
        case .downSample: return DownSample(v)
        }
    }
}

/// Builds the transformation called `name` (full name or abbreviation) with `parameters`
/// validated against its schema; throws listing the valid names, parameters or range.
public func makeTransform(_ name: String, _ parameters: [String: TransformParameter] = [:]) throws -> any Transform {
    try TransformKind(name: name).make(parameters)
}
