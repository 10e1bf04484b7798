import Models

/// The encoder: an xresnet1d variant, or the CPC network with its options.
public struct ModelSpec: Sendable, Equatable, CanonicalRepresentable {
    /// The xresnet's depth (`--base_model xresnet1dN`); nil for the CPC network.
    let depth: XResNetDepth?
    /// Width multiplier of the xresnet (`--widen`).
    public let widen: Double
    /// CPC options; present exactly when the architecture is CPC.
    public let cpc: CPCOptions?

    /// The network, by the training code's own name (the CPC encoder's kind from its options).
    public var architecture: ModelName {
        if let depth { return .xresnet1d(depth) }
        return .cpc(cpc?.fcEncoder == false ? .strided : .fullyConnected)
    }

    /// The names `model.arch` accepts: CPC's encoder kind is `cpc.fc_encoder`, not a second name.
    static let archNames = XResNetDepth.allCases.map { "xresnet1d\($0.rawValue)" } + ["cpc"]

    public var canonical: CanonicalValue {
        var o: [String: CanonicalValue] = ["arch": .string(depth.map { "xresnet1d\($0.rawValue)" } ?? "cpc")]
        if let cpc { o["cpc"] = cpc.canonical } else { o["widen"] = .double(widen) }
        return .object(o)
    }

    static func decode(_ n: SpecNode?, method: Method) throws -> ModelSpec {
        let fallback: XResNetDepth? = method == .cpc ? nil : .d50
        guard let n else { return ModelSpec(depth: fallback, widen: 1, cpc: method == .cpc ? .reference : nil) }
        let m = try n.mapping()
        let depth = try m.value("arch", default: fallback) { node -> XResNetDepth? in
            let s = try node.string()
            guard Self.archNames.contains(s), let name = ModelName(s) else {
                throw node.error("unknown architecture '\(s)'; valid: \(Self.archNames.joined(separator: ", "))\(Suggest.hint(s, among: Self.archNames))")
            }
            if case .xresnet1d(let d) = name { return d }
            return nil
        }
        let widen = try m.value("widen", default: 1.0) { try $0.double(in: .positive) }
        let cpc = try m.optional("cpc") { try CPCOptions.decode($0) }
        try m.finish()
        let isCPC = depth == nil
        if method == .cpc && !isCPC {
            throw m.error(at: "arch", "method cpc needs architecture 'cpc', got 'xresnet1d\(depth?.rawValue ?? 0)'")
        }
        if method != .cpc && isCPC {
            throw m.error(at: "arch", "architecture 'cpc' is only used by method cpc")
        }
        if !isCPC, let c = m.node("cpc") { throw c.error("CPC options need architecture 'cpc'") }
        if isCPC, let w = m.node("widen") { throw w.error("widen applies to xresnet architectures only") }
        if !isCPC, !(1...65_536).contains(64 * widen) {
            throw m.error(at: "widen", "widen \(Canonical.spell(widen)) gives int(64 × widen) channels per stage outside 1...65536")
        }
        return ModelSpec(depth: depth, widen: widen, cpc: isCPC ? (cpc ?? .reference) : nil)
    }

    /// Refuses CPC's skip_encoder when the experiment pretrains: the reference's CPCModel asserts
    /// that a model without encoder is a classifier (CPC's targets are the encoder's outputs).
    func checkPretrainable(_ n: SpecNode?, usePretrained: Bool) throws {
        guard usePretrained, cpc?.skipEncoder == true,
              let node = try n?.mapping().node("cpc")?.mapping().node("skip_encoder") else { return }
        throw node.error("the reference's CPCModel allows skip_encoder for classification only (CPC predicts encoder outputs); set evaluation.use_pretrained: false to train it from scratch")
    }
}

/// The CPC network's options (`main_cpc_lightning.py` flags), reference README values by default.
public struct CPCOptions: Sendable, Equatable, CanonicalRepresentable {
    /// Per-time-step MLP encoder instead of strided convolutions (`--fc-encoder`).
    public internal(set) var fcEncoder = true
    /// Negatives drawn from the same sequence only (`--negatives-from-same-seq-only`).
    public internal(set) var negativesFromSameSequenceOnly = true
    /// Number of negatives (`--n-false-negatives`).
    public internal(set) var negatives = 128
    /// Steps ahead predicted (`--steps-predicted`).
    public internal(set) var stepsPredicted = 12
    /// Recurrent hidden size (`--n-hidden`).
    public internal(set) var hidden = 512
    /// Recurrent layers (`--n-layers`).
    public internal(set) var layers = 2
    /// GRU instead of LSTM (`--gru`).
    public internal(set) var gru = false
    /// SimCLR-style projection (`--mlp`).
    public internal(set) var mlp = false
    /// Biased projection (`--bias`).
    public internal(set) var bias = false
    /// BatchNorm in the encoder (off with `--no-bn-encoder`).
    public internal(set) var batchNormEncoder = true
    /// Skip the encoder (`--skip-encoder`).
    public internal(set) var skipEncoder = false

    /// The reference README's configuration.
    public static let reference = CPCOptions()

    public var canonical: CanonicalValue {
        .object(["fc_encoder": .bool(fcEncoder), "negatives_from_same_seq_only": .bool(negativesFromSameSequenceOnly),
                 "negatives": .int(negatives), "steps_predicted": .int(stepsPredicted), "hidden": .int(hidden),
                 "layers": .int(layers), "gru": .bool(gru), "mlp": .bool(mlp), "bias": .bool(bias),
                 "bn_encoder": .bool(batchNormEncoder), "skip_encoder": .bool(skipEncoder)])
    }

    static func decode(_ n: SpecNode) throws -> CPCOptions {
        let m = try n.mapping()
        var o = CPCOptions()
        o.fcEncoder = try m.value("fc_encoder", default: o.fcEncoder) { try $0.bool() }
        o.negativesFromSameSequenceOnly = try m.value("negatives_from_same_seq_only", default: o.negativesFromSameSequenceOnly) { try $0.bool() }
        o.negatives = try m.value("negatives", default: o.negatives) { try $0.int(in: 1...100_000) }
        o.stepsPredicted = try m.value("steps_predicted", default: o.stepsPredicted) { try $0.int(in: 1...1000) }
        o.hidden = try m.value("hidden", default: o.hidden) { try $0.int(in: 1...65_536) }
        o.layers = try m.value("layers", default: o.layers) { try $0.int(in: 1...16) }
        o.gru = try m.value("gru", default: o.gru) { try $0.bool() }
        o.mlp = try m.value("mlp", default: o.mlp) { try $0.bool() }
        o.bias = try m.value("bias", default: o.bias) { try $0.bool() }
        o.batchNormEncoder = try m.value("bn_encoder", default: o.batchNormEncoder) { try $0.bool() }
        o.skipEncoder = try m.value("skip_encoder", default: o.skipEncoder) { try $0.bool() }
        try m.finish()
        if o.skipEncoder && o.gru {
            throw m.error(at: "skip_encoder", "the reference's CPCModel sizes its GRU by the encoder's output, which skip_encoder removes, so gru with skip_encoder cannot be built")
        }
        return o
    }
}
