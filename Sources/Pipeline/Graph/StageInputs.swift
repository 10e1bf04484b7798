import Datasets
import ExperimentSpec
import Report

/// Everything a stage reads besides its upstream artifacts. The graph compiler builds it from the
/// experiment; the stage body receives it and nothing else of the spec, and its canonical
/// encoding is the key material, so what a stage reads and what its key covers are one value.
public protocol StageInputs: CanonicalRepresentable, Sendable {
    /// The stage kind these inputs feed.
    static var kind: StageKind { get }
    /// What the stage's random generator derives from: the seed and the stage's place in the
    /// graph, never a display label, so renaming nothing can change a result under a fixed key.
    var generatorMaterial: String { get }
}

/// preprocess: a corpus by content, in a format.
public struct PreprocessInputs: StageInputs, Equatable {
    public static let kind = StageKind.preprocess
    /// SHA-256 over the dataset's files (paths relative to it, sizes and contents).
    public let contentHash: String
    /// The on-disk format, as named or detected.
    public let format: DatasetFormat
    /// Where the files are, relative to the project root. Not keyed: the content hash is.
    public let path: String

    public var canonical: CanonicalValue { .object(["dataset": .string(contentHash), "format": format.canonical]) }
    public var generatorMaterial: String { "preprocess/\(contentHash)" }
}

/// pretrain: a method on the corpora of its upstream roles `corpus[0]`, `corpus[1]`, ...
public struct PretrainInputs: StageInputs, Equatable {
    public static let kind = StageKind.pretrain
    public let seed: Int
    public let method: Method
    public let model: ModelSpec
    public let pretrain: PretrainSpec
    /// Per-lead normalization with the PTB-XL statistics.
    public let normalize: Bool
    /// Drop the PTB and PTB-XL records of CinC 2020 corpora.
    public let filterCinc: Bool
    /// Fraction of each corpus's training records used.
    public let percentage: Double
    /// Number of corpora (upstream roles `corpus[0..<corpora]`).
    public let corpora: Int

    /// The precision the arithmetic runs at: float32 on a CPU, whatever the spec asks for, so
    /// `precision: 16` and `32` share entries (the plan says so).
    public static let computedPrecision = 32

    public var canonical: CanonicalValue {
        var p = pretrain.canonical
        if case .object(var o) = p { o["precision"] = .int(Self.computedPrecision); p = .object(o) }
        return .object(["seed": .int(seed), "method": method.canonical, "model": model.canonical, "pretrain": p,
                        "data": .object(["normalize": .bool(normalize), "filter_cinc": .bool(filterCinc),
                                         "percentage": .double(percentage)])])
    }
    public var generatorMaterial: String { "\(seed)/pretrain" }
}

/// The two evaluation protocols: which stage kind runs which.
public enum EvaluationMode: String, Sendable, Codable {
    case finetune
    case linear

    /// The stage kind of this protocol.
    public var kind: StageKind { self == .finetune ? .finetune : .linearEval }
    /// The results-table column it fills.
    public var column: ResultEntry.Evaluation { self == .finetune ? .finetune : .linear }
}

/// finetune / linear-eval: a classifier trained on the downstream folds, from the encoder of the
/// upstream role `encoder` when there is one (else from random initialisation). It records no
/// method: which method made the encoder is the upstream key's business, and the report labels
/// its rows from the cases.
public struct EvaluationInputs: Sendable, Equatable, CanonicalRepresentable {
    /// Finetuning (optionally after head-only epochs) or a fresh linear head on the frozen encoder.
    public enum Training: Sendable, Equatable {
        case finetune(FinetuneSpec, head: HeadSpec)
        case linear(LinearEvalSpec)
    }

    public let seed: Int
    public let model: ModelSpec
    public let labels: LabelSet
    public let normalize: Bool
    /// Train on folds 1...trainFolds.
    public let trainFolds: Int
    public let valFold: Int
    public let testFold: Int
    public let batchSize: Int
    public let windowSize: Int
    public let windowStride: Int
    /// Validation and test windows corrupted at this level (0 = clean).
    public let noiseLevel: Int
    public let training: Training

    /// Which protocol these inputs run.
    public var mode: EvaluationMode {
        if case .linear = training { return .linear }
        return .finetune
    }

    public var canonical: CanonicalValue {
        var ev: [String: CanonicalValue] = [
            "batch_size": .int(batchSize), "window_size": .int(windowSize), "window_stride": .int(windowStride),
            "noise_level": .int(noiseLevel),
        ]
        switch training {
        case .finetune(let f, let head):
            ev["finetune"] = f.canonical
            ev["head"] = head.canonical
        case .linear(let l):
            // A linear probe is one fresh Linear layer: the head settings do not reach it.
            ev["linear_eval"] = l.canonical
        }
        return .object(["seed": .int(seed), "model": model.canonical, "evaluation": .object(ev),
                        "data": .object(["labels": labels.canonical, "normalize": .bool(normalize),
                                         "train_folds": .int(trainFolds), "val_fold": .int(valFold),
                                         "test_fold": .int(testFold)])])
    }
    public var generatorMaterial: String { "\(seed)/\(mode.kind.rawValue)/folds=\(trainFolds)/noise=\(noiseLevel)" }
}

/// The finetune stage's inputs.
public struct FinetuneInputs: StageInputs, Equatable {
    public static let kind = StageKind.finetune
    public let evaluation: EvaluationInputs
    public var canonical: CanonicalValue { evaluation.canonical }
    public var generatorMaterial: String { evaluation.generatorMaterial }
}

/// The linear-eval stage's inputs.
public struct LinearEvalInputs: StageInputs, Equatable {
    public static let kind = StageKind.linearEval
    public let evaluation: EvaluationInputs
    public var canonical: CanonicalValue { evaluation.canonical }
    public var generatorMaterial: String { evaluation.generatorMaterial }
}

/// One row of a report: the evaluation entry in upstream role `role`, labelled from its case.
public struct ReportRow: Sendable, Equatable, CanonicalRepresentable {
    /// The upstream role holding the entry.
    public let role: String
    /// The case's canonical label (`method=cpc,pretrain.lr=0.001`), "" without a sweep.
    public let variant: String
    /// How the encoder was obtained: a method, "supervised" or "random-init".
    public let method: String
    /// Pretraining augmentations (abbreviations), empty when none were used.
    public let augmentations: [String]
    /// The case's settings that tell this row apart from others of its method, augmentations
    /// and mode (`linear_eval.feature_stride=25`), "" when none do.
    public let setting: String
    public let mode: EvaluationMode
    public let trainFolds: Int
    public let noiseLevel: Int

    public var canonical: CanonicalValue {
        .object(["role": .string(role), "variant": .string(variant), "method": .string(method),
                 "augmentations": .list(augmentations.map { .string($0) }), "setting": .string(setting),
                 "mode": .string(mode.rawValue), "train_folds": .int(trainFolds), "noise_level": .int(noiseLevel)])
    }
}

/// One pretraining curve a report plots: the entry in upstream role `role`.
public struct ReportCurve: Sendable, Equatable, CanonicalRepresentable {
    public let role: String
    public let method: String
    public let augmentations: [String]
    /// As a row's: the pretraining settings that tell this curve apart from others of its method
    /// and augmentations.
    public let setting: String

    public var canonical: CanonicalValue {
        .object(["role": .string(role), "method": .string(method), "augmentations": .list(augmentations.map { .string($0) }),
                 "setting": .string(setting)])
    }
}

/// report: the tables and plots of one experiment file, from its evaluation entries.
public struct ReportInputs: StageInputs, Equatable {
    public static let kind = StageKind.report
    public let seed: Int
    /// Bootstrap resamples of the test records for the 95 % intervals (0 = none); the same
    /// resampled records for every row, so differences between rows are paired.
    public let bootstrap: Int
    /// The training-fold count of the main table (other counts are label-efficiency rows).
    public let defaultFolds: Int
    public let rows: [ReportRow]
    public let curves: [ReportCurve]

    public var canonical: CanonicalValue {
        .object(["seed": .int(seed), "evaluation": .object(["bootstrap": .int(bootstrap)]),
                 "data": .object(["train_folds": .int(defaultFolds)]), "rows": .list(rows.map(\.canonical)),
                 "curves": .list(curves.map(\.canonical))])
    }
    public var generatorMaterial: String { "\(seed)/report" }
}

/// selftest: the runner's deterministic workload.
public struct SelfTestInputs: StageInputs, Equatable {
    public static let kind = StageKind.selftest
    public let seed: Int
    public let spec: SelfTestSpec

    public var canonical: CanonicalValue { .object(["seed": .int(seed), "selftest": spec.canonical]) }
    public var generatorMaterial: String { "\(seed)/selftest" }
}
