import ExperimentSpec

/// Compiles experiment files into the stage graph
/// preprocess(dataset)… → pretrain → finetune / linear-eval (+ label-efficiency and noise
/// variants) → report, choosing for each stage exactly the fields that affect its output.
public struct GraphCompiler {
    let registry: StageRegistry
    let fingerprinter: DatasetFingerprinter

    /// A compiler taking stage versions from `registry` and dataset hashes from `fingerprinter`.
    public init(registry: StageRegistry, fingerprinter: DatasetFingerprinter) {
        self.registry = registry
        self.fingerprinter = fingerprinter
    }

    /// The graph of all variants of all `files`.
    public func compile(_ files: [ExperimentFile]) throws -> StageGraph {
        var graph = StageGraph()
        for file in files {
            var reportInputs: [String: String] = [:]
            for e in file.variants {
                let stages = try compile(e, into: &graph)
                // Roles name variants canonically, so sweep values' spelling never changes the key.
                let prefix = e.coordinates.isEmpty ? "" : "\(e.canonicalVariantLabel)/"
                for s in stages where Self.reportedKinds.contains(graph.nodes[s.key]!.kind) {
                    reportInputs[prefix + s.label] = s.key
                }
                graph.addVariant(VariantPlan(experiment: e, stages: stages))
            }
            if !reportInputs.isEmpty, let first = file.variants.first, let t = first.training {
                let report = PlannedStage(kind: "report", label: "report", version: registry.version(of: "report"),
                                          fields: ["evaluation.bootstrap": .int(t.evaluation.bootstrap),
                                                   "seed": .int(first.seed)],
                                          upstream: reportInputs, experiment: first)
                graph.add(report)
                graph.setReport(file: file.file, key: report.key)
            }
        }
        return graph
    }

    /// Kinds whose artifacts the report reads.
    static let reportedKinds: Set<String> = ["pretrain", "finetune", "linear-eval"]

    private func stage(_ kind: String, _ label: String, _ e: Experiment, fields: [String: CanonicalValue],
                       upstream: [String: String], locals: [String: String] = [:]) -> PlannedStage {
        PlannedStage(kind: kind, label: label, version: registry.version(of: kind), fields: fields,
                     upstream: upstream, locals: locals, experiment: e)
    }

    private func compile(_ e: Experiment, into graph: inout StageGraph) throws -> [(label: String, key: String)] {
        var out: [(label: String, key: String)] = []
        func add(_ s: PlannedStage) -> String {
            let k = graph.add(s)
            out.append((s.label, k))
            return k
        }
        if let st = e.selfTest {
            var f = st.canonical.flattened(prefix: "selftest")
            f["seed"] = .int(e.seed)
            _ = add(stage("selftest", "selftest", e, fields: f, upstream: [:]))
        }
        guard let t = e.training else { return out }

        func preprocess(_ ref: DatasetRef) throws -> String {
            let hash = try fingerprinter.contentHash(of: ref.path)
            let detected = try ref.format?.rawValue ?? fingerprinter.derived("format", ofContent: hash) {
                try PreprocessStage.format(of: ref, at: fingerprinter.url(of: ref.path)).rawValue
            }
            guard let format = CorpusFormat(rawValue: detected) else {
                throw PipelineError.cache("dataset '\(ref.path)': memoized format '\(detected)' is not a format")
            }
            return add(stage("preprocess", "preprocess(\(ref.path))", e,
                             fields: ["dataset": .string(hash), "format": format.canonical],
                             upstream: [:], locals: ["path": ref.path, "format": format.rawValue]))
        }
        let downstream = try preprocess(t.data.downstream)
        let model = t.model.canonical.flattened(prefix: "model")
        let seed: [String: CanonicalValue] = ["seed": .int(e.seed)]

        var encoder: String?
        if t.method.pretrains && t.evaluation.usePretrained, let p = t.pretrain {
            var up: [String: String] = [:]
            for (i, path) in t.data.pretrain.enumerated() { up["corpus[\(i)]"] = try preprocess(path) }
            var f = p.canonical.flattened(prefix: "pretrain").merging(model) { a, _ in a }.merging(seed) { a, _ in a }
            f["method"] = t.method.canonical
            f["data.normalize"] = .bool(t.data.normalize)
            f["data.filter_cinc"] = .bool(t.data.filterCinc)
            f["data.percentage"] = .double(t.data.percentage)
            encoder = add(stage("pretrain", "pretrain", e, fields: f, upstream: up))
        }

        // Standard run, label-efficiency runs (folds 1...k), noise-robustness runs (level L).
        let ev = t.evaluation
        var settings: [(folds: Int, noise: Int, suffix: String)] = [(t.data.trainFolds, 0, "")]
        settings += ev.labelEfficiency.filter { $0 != t.data.trainFolds }.map { ($0, 0, "[folds=\($0)]") }
        settings += ev.noiseLevels.map { (t.data.trainFolds, $0, "[noise=\($0)]") }

        for s in settings {
            var common = ev.common.flattened(prefix: "evaluation").merging(model) { a, _ in a }.merging(seed) { a, _ in a }
            common["data.labels"] = t.data.labels.canonical
            common["data.normalize"] = .bool(t.data.normalize)
            common["data.train_folds"] = .int(s.folds)
            common["data.val_fold"] = .int(t.data.valFold)
            common["data.test_fold"] = .int(t.data.testFold)
            common["evaluation.noise_level"] = .int(s.noise)
            if encoder != nil { common["method"] = t.method.canonical }
            var up = ["downstream": downstream]
            if let encoder { up["encoder"] = encoder }

            var finetuneKey: String?
            if let ft = ev.finetune {
                let f = common.merging(ft.canonical.flattened(prefix: "evaluation.finetune")) { a, _ in a }
                finetuneKey = add(stage("finetune", "finetune" + s.suffix, e, fields: f, upstream: up))
            }
            if let lin = ev.linearEval {
                var f = common.merging(lin.canonical.flattened(prefix: "evaluation.linear_eval")) { a, _ in a }
                var linUp = up
                if t.method == .supervised, let finetuneKey {
                    // The supervised "linear evaluation" retrains a fresh head on the supervised model.
                    linUp["encoder"] = finetuneKey
                    f["method"] = t.method.canonical
                }
                _ = add(stage("linear-eval", "linear-eval" + s.suffix, e, fields: f, upstream: linUp))
            }
        }
        return out
    }
}
