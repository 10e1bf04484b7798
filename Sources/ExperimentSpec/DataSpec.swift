import Datasets

/// Which data an experiment uses: pretraining corpora, the downstream set, labels and folds.
///
/// Paths are not part of the canonical value: the runner keys datasets by content hash, so
/// moving a project folder or renaming a directory does not invalidate the cache.
public struct DataSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Pretraining corpora (`--data` / `--datasets`), relative to the project root.
    public let pretrain: [DatasetRef]
    /// The downstream dataset in PTB-XL layout.
    public let downstream: DatasetRef
    /// PTB-XL label set used for evaluation.
    public let labels: LabelSet
    /// Per-lead normalization with the PTB-XL statistics (`--normalize`).
    public let normalize: Bool
    /// Drop PTB-XL records from the CinC corpus (`--filter_cinc`).
    public let filterCinc: Bool
    /// Fraction of each pretraining corpus used (`--percentage`).
    public let percentage: Double
    /// Train on PTB-XL folds 1...trainFolds (`--folds`).
    public let trainFolds: Int
    /// Validation fold (model selection).
    public let valFold: Int
    /// Test fold.
    public let testFold: Int

    public var canonical: CanonicalValue {
        .object(["labels": labels.canonical, "normalize": .bool(normalize), "filter_cinc": .bool(filterCinc),
                 "percentage": .double(percentage), "train_folds": .int(trainFolds),
                 "val_fold": .int(valFold), "test_fold": .int(testFold)])
    }

    static func decode(_ n: SpecNode, method: Method) throws -> DataSpec {
        let m = try n.mapping()
        let pretrain = try m.value("pretrain", default: []) { v -> [DatasetRef] in
            if case .sequence = v.node { return try v.list(DatasetRef.decode) }
            return [try DatasetRef.decode(v)]
        }
        let downstream = try m.required("downstream", DatasetRef.decode)
        let labels = try m.value("labels", default: .all) { try $0.choice(LabelSet.self, what: "label set") }
        let normalize = try m.value("normalize", default: method == .cpc) { try $0.bool() }
        let filterCinc = try m.value("filter_cinc", default: false) { try $0.bool() }
        let percentage = try m.value("percentage", default: 1.0) {
            try $0.double(in: NumericRange(low: 0, high: 1, lowOpen: true))
        }
        let trainFolds = try m.value("train_folds", default: 8) { try $0.int(in: 1...8) }
        let valFold = try m.value("val_fold", default: 9) { try $0.int(in: 1...10) }
        let testFold = try m.value("test_fold", default: 10) { try $0.int(in: 1...10) }
        try m.finish()
        if method.pretrains && pretrain.isEmpty && !m.has("pretrain") {
            throw n.error("missing required field 'pretrain' (method \(method.rawValue) pretrains on these corpora)")
        }
        // Either fold may be the default (unwritten) one: point at whichever the file wrote.
        if valFold == testFold {
            throw (m.node("test_fold") ?? m.node("val_fold") ?? n).error("test fold equals the validation fold \(valFold)")
        }
        if valFold <= trainFolds { throw (m.node("val_fold") ?? n).error("validation fold \(valFold) is among the training folds 1...\(trainFolds)") }
        if testFold <= trainFolds { throw (m.node("test_fold") ?? n).error("test fold \(testFold) is among the training folds 1...\(trainFolds)") }
        return DataSpec(pretrain: pretrain, downstream: downstream, labels: labels, normalize: normalize,
                        filterCinc: filterCinc, percentage: percentage, trainFolds: trainFolds,
                        valFold: valFold, testFold: testFold)
    }
}

/// A dataset folder and, optionally, its on-disk format (detected from its files when omitted).
public struct DatasetRef: Sendable, Equatable {
    /// Path relative to the project root.
    public let path: String
    /// The corpus format, or nil to detect it.
    public let format: DatasetFormat?

    /// A reference to the dataset at `path`.
    public init(path: String, format: DatasetFormat? = nil) {
        self.path = path
        self.format = format
    }

    /// `path` or `{path: ..., format: ...}`.
    static func decode(_ n: SpecNode) throws -> DatasetRef {
        if case .scalar = n.node { return DatasetRef(path: try n.nonEmptyString()) }
        let m = try n.mapping()
        let r = DatasetRef(path: try m.required("path") { try $0.nonEmptyString() },
                           format: try m.optional("format") { try $0.choice(DatasetFormat.self, what: "dataset format") })
        try m.finish()
        return r
    }
}
