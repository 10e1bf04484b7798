import TensorCore

/// The model names an experiment spec may use, and the downstream classifier each one builds.
public enum ModelName: Hashable, Sendable, CustomStringConvertible {
    /// xresnet1d{18,34,50,101}.
    case xresnet1d(XResNetDepth)
    /// CPC with the per-timestep (`cpc`) or strided (`cpc-strided`) encoder.
    case cpc(CPCEncoderKind)

    /// Every accepted name, in a stable order.
    public static let allNames: [String] = XResNetDepth.allCases.map { "xresnet1d\($0.rawValue)" } + ["cpc", "cpc-strided"]

    /// Parses a model name; nil when unknown.
    public init?(_ name: String) {
        if name == "cpc" { self = .cpc(.fullyConnected); return }
        if name == "cpc-strided" { self = .cpc(.strided); return }
        guard name.hasPrefix("xresnet1d"), let d = Int(name.dropFirst("xresnet1d".count)), let depth = XResNetDepth(rawValue: d)
        else { return nil }
        self = .xresnet1d(depth)
    }

    public var description: String {
        switch self {
        case .xresnet1d(let d): return "xresnet1d\(d.rawValue)"
        case .cpc(.fullyConnected): return "cpc"
        case .cpc(.strided): return "cpc-strided"
        }
    }

    /// The shortest window the model accepts: every strided layer must keep at least one sample.
    public var minimumInputSize: Int {
        switch self {
        case .xresnet1d: return 1
        case .cpc(.fullyConnected): return 1
        case .cpc(.strided): return 10 + 2 * (3 + 2 * (3 + 2 * 3))  // k10 s2 then three k4 s2
        }
    }

    /// The downstream classifier (encoder + Linear head, or CPC encoder + LSTM + finetune head).
    public func makeClassifier(leads: Int, classes: Int, rng: inout SeededGenerator) -> any Classifier & Layer {
        switch self {
        case .xresnet1d(let depth):
            return XResNetClassifier(encoder: XResNet1d(depth: depth, inputChannels: leads, rng: &rng), classes: classes, rng: &rng)
        case .cpc(let kind):
            return CPCClassifier(cpc: CPCModel(encoderKind: kind, inputChannels: leads, rng: &rng), head: .finetune,
                                 classes: classes, rng: &rng)
        }
    }
}
