/// Self-supervised pretraining settings, with the reference's effective defaults per method
/// (docs/method.md §3.7; the CLI values the README commands pass, not unused class defaults).
public struct PretrainSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Epochs (`--epochs`).
    public let epochs: Int
    /// Batch size (`--batch-size` / `--batch_size`).
    public let batchSize: Int
    /// Peak learning rate (`--lr`; the SSL scripts' config value).
    public let lr: Double
    /// Weight decay (`--wd`).
    public let weightDecay: Double
    /// Optimizer (`--optimizer`).
    public let optimizer: OptimizerKind
    /// Learning-rate schedule.
    public let schedule: Schedule
    /// Linear warmup epochs (`--warm_up`).
    public let warmupEpochs: Int
    /// Input window length in samples (`--input-size`, `--output_size`).
    public let inputSize: Int
    /// Floating-point precision of the reference run (`--precision`); recorded, since this
    /// implementation trains in float32 it selects loss scaling only.
    public let precision: Int
    /// Gradient accumulation steps (`--accumulate`).
    public let accumulate: Int
    /// Projection output size (`--out_dim`); nil for CPC.
    public let outDim: Int?
    /// Augmentations in application order (`--trafos` and per-transform flags); empty for CPC.
    public let trafos: [TransformSpec]
    /// Softmax temperature (SimCLR NT-Xent, SwAV); nil for other methods.
    public let temperature: Double?
    /// BYOL's base EMA rate; nil for other methods.
    public let emaBase: Double?
    /// SwAV's settings; nil for other methods.
    public let swav: SwAVOptions?

    /// The reference's defaults for `method`.
    struct Defaults {
        var epochs: Int, batchSize: Int, lr: Double, weightDecay: Double, optimizer: OptimizerKind
        var schedule: Schedule, warmupEpochs: Int, inputSize: Int, precision: Int, outDim: Int?
        var temperature: Double?, emaBase: Double?

        static func of(_ method: Method) -> Defaults {
            switch method {
            case .cpc:
                return Defaults(epochs: 1000, batchSize: 32, lr: 1e-4, weightDecay: 1e-3, optimizer: .adamw,
                                schedule: .constant, warmupEpochs: 0, inputSize: 1000, precision: 32, outDim: nil)
            case .simclr:
                return Defaults(epochs: 2000, batchSize: 4096, lr: 0.00229, weightDecay: 1e-6, optimizer: .adam,
                                schedule: .cosine, warmupEpochs: 1, inputSize: 250, precision: 16, outDim: 16,
                                temperature: 0.5)
            case .byol:
                return Defaults(epochs: 2000, batchSize: 4096, lr: 0.00229, weightDecay: 1e-5, optimizer: .adam,
                                schedule: .cosineEpoch, warmupEpochs: 10, inputSize: 250, precision: 16, outDim: 16,
                                emaBase: 0.996)
            case .swav, .supervised:
                return Defaults(epochs: 2000, batchSize: 4096, lr: 1e-3, weightDecay: 1e-6, optimizer: .adam,
                                schedule: .cosine, warmupEpochs: 10, inputSize: 250, precision: 16, outDim: 128,
                                temperature: 0.1)
            }
        }
    }

    /// The reference's default augmentations when `--trafos` is not given.
    static let defaultTrafos = ["GaussianNoise", "ChannelResize", "RandomResizedCrop"]

    public var canonical: CanonicalValue {
        var o: [String: CanonicalValue] = [
            "epochs": .int(epochs), "batch_size": .int(batchSize), "lr": .double(lr),
            "weight_decay": .double(weightDecay), "optimizer": optimizer.canonical, "schedule": schedule.canonical,
            "warmup_epochs": .int(warmupEpochs), "input_size": .int(inputSize), "precision": .int(precision),
            "accumulate": .int(accumulate), "trafos": .list(trafos.map(\.canonical)),
        ]
        if let outDim { o["out_dim"] = .int(outDim) }
        if let temperature { o["temperature"] = .double(temperature) }
        if let emaBase { o["ema_base"] = .double(emaBase) }
        if let swav { o["swav"] = swav.canonical }
        return .object(o)
    }

    static func decode(_ n: SpecNode?, method: Method) throws -> PretrainSpec {
        let d = Defaults.of(method)
        let m = try n?.mapping()
        /// An error at `key` of the pretrain mapping (which exists whenever a checked field was written).
        func fail(_ key: String, _ message: String) -> SpecError {
            m?.error(at: key, message) ?? SpecError(nil, path: "pretrain.\(key)", message)
        }
        func field<T>(_ key: String, _ fallback: T, _ decode: (SpecNode) throws -> T) throws -> T {
            try m?.value(key, default: fallback, decode) ?? fallback
        }
        /// A field only some methods use: rejected for the others, so it never silently does nothing.
        func methodField<T>(_ key: String, _ users: [Method], _ fallback: T?, _ decode: (SpecNode) throws -> T) throws -> T? {
            let v = try m?.optional(key, decode)
            if v != nil, !users.contains(method) {
                throw fail(key, "only used by method \(users.map(\.rawValue).joined(separator: "/")), not \(method.rawValue)")
            }
            return users.contains(method) ? (v ?? fallback) : nil
        }
        let epochs = try field("epochs", d.epochs) { try $0.int(in: 1...1_000_000) }
        let batchSize = try field("batch_size", d.batchSize) { try $0.int(in: 1...1_000_000) }
        let lr = try field("lr", d.lr) { try $0.double(in: .positive) }
        let wd = try field("weight_decay", d.weightDecay) { try $0.double(in: .nonNegative) }
        let optimizer = try field("optimizer", d.optimizer) { try $0.choice(OptimizerKind.self, what: "optimizer") }
        let schedule = try field("schedule", d.schedule) { try $0.choice(Schedule.self, what: "schedule") }
        let warmup = try field("warmup_epochs", d.warmupEpochs) { try $0.int(in: 0...1_000_000) }
        let inputSize = try field("input_size", d.inputSize) { try $0.int(in: 16...1_000_000) }
        let precision = try field("precision", d.precision) { v -> Int in
            let p = try v.int(in: 1...64)
            guard p == 16 || p == 32 else { throw v.error("precision must be 16 or 32, got \(p)") }
            return p
        }
        let accumulate = try field("accumulate", 1) { try $0.int(in: 1...1024) }
        let ssl: [Method] = [.simclr, .byol, .swav]
        let outDim = try methodField("out_dim", ssl, d.outDim) { try $0.int(in: 1...65_536) }
        let trafos = try methodField("trafos", ssl, nil) { v -> [TransformSpec] in
            let list = try v.list(TransformSpec.decode)
            if list.isEmpty { throw v.error("needs at least one transformation") }
            return list
        } ?? (ssl.contains(method) ? defaultTrafos.map { TransformSpec.byName($0) } : [])
        let temperature = try methodField("temperature", [.simclr, .swav], d.temperature) { try $0.double(in: .positive) }
        let emaBase = try methodField("ema_base", [.byol], d.emaBase) {
            try $0.double(in: NumericRange(low: 0, high: 1, highOpen: true))
        }
        let swav = try methodField("swav", [.swav], SwAVOptions()) { try SwAVOptions.decode($0) }
        try m?.finish()
        return PretrainSpec(epochs: epochs, batchSize: batchSize, lr: lr, weightDecay: wd, optimizer: optimizer,
                            schedule: schedule, warmupEpochs: warmup, inputSize: inputSize, precision: precision,
                            accumulate: accumulate, outDim: outDim, trafos: trafos, temperature: temperature,
                            emaBase: emaBase, swav: swav)
    }
}

/// SwAV's prototype, Sinkhorn and queue settings (docs/method.md §3.6, constructor values).
public struct SwAVOptions: Sendable, Equatable, CanonicalRepresentable {
    /// Number of prototypes.
    public internal(set) var prototypes = 3000
    /// Sinkhorn entropy ε.
    public internal(set) var sinkhornEpsilon = 0.05
    /// Sinkhorn iterations.
    public internal(set) var sinkhornIterations = 3
    /// Epoch from which the queue is used.
    public internal(set) var queueStartEpoch = 15
    /// Queue length in batches.
    public internal(set) var queueBatches = 8
    /// Augmented views per window (the reference drops the last of 7).
    public internal(set) var views = 6

    public var canonical: CanonicalValue {
        .object(["prototypes": .int(prototypes), "sinkhorn_epsilon": .double(sinkhornEpsilon),
                 "sinkhorn_iterations": .int(sinkhornIterations), "queue_start_epoch": .int(queueStartEpoch),
                 "queue_batches": .int(queueBatches), "views": .int(views)])
    }

    static func decode(_ n: SpecNode) throws -> SwAVOptions {
        let m = try n.mapping()
        var o = SwAVOptions()
        o.prototypes = try m.value("prototypes", default: o.prototypes) { try $0.int(in: 1...1_000_000) }
        o.sinkhornEpsilon = try m.value("sinkhorn_epsilon", default: o.sinkhornEpsilon) { try $0.double(in: .positive) }
        o.sinkhornIterations = try m.value("sinkhorn_iterations", default: o.sinkhornIterations) { try $0.int(in: 1...1000) }
        o.queueStartEpoch = try m.value("queue_start_epoch", default: o.queueStartEpoch) { try $0.int(in: 0...1_000_000) }
        o.queueBatches = try m.value("queue_batches", default: o.queueBatches) { try $0.int(in: 0...1024) }
        o.views = try m.value("views", default: o.views) { try $0.int(in: 2...64) }
        try m.finish()
        return o
    }
}
