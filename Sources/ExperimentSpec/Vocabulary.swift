import Datasets
import Models

/// Training methods: four self-supervised ones and the supervised baseline.
public enum Method: String, CaseIterable, Sendable, CanonicalRepresentable {
    case cpc, simclr, byol, swav, supervised

    /// Whether the method has a self-supervised pretraining stage.
    public var pretrains: Bool { self != .supervised }

    public var canonical: CanonicalValue { .string(rawValue) }
}

// Label sets and corpus formats belong to the Datasets module, which reads them; specs name them.
extension LabelSet: CanonicalRepresentable {
    public var canonical: CanonicalValue { .string(rawValue) }
}

extension DatasetFormat: CanonicalRepresentable {
    public var canonical: CanonicalValue { .string(rawValue) }
}

/// Optimizers the reference uses: the training code's own kind, which specs name.
public typealias OptimizerKind = OptimizerSettings.Kind

extension OptimizerSettings.Kind: CanonicalRepresentable {
    public var canonical: CanonicalValue { .string(rawValue) }
}

/// Learning-rate schedules: constant, or linear warmup then cosine to zero.
public enum Schedule: String, CaseIterable, Sendable, CanonicalRepresentable {
    case constant
    /// Warmup and cosine stepped per iteration (SimCLR, SwAV).
    case cosine
    /// Warmup and cosine stepped per epoch (BYOL).
    case cosineEpoch = "cosine-epoch"
    public var canonical: CanonicalValue { .string(rawValue) }
}
