import Datasets
import ExperimentSpec

/// Compiles experiment files into the stage graph
/// preprocess(dataset)… → pretrain → finetune / linear-eval (+ label-efficiency and noise
/// variants) → report, building for each stage the typed inputs it reads (and is keyed by).
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
            var upstream: [InputRole: String] = [:]
            var pendingRows: [(e: Experiment, variant: String, role: String, row: Compiled.Row)] = []
            var pendingCurves: [(e: Experiment, role: String, method: String, augmentations: [String])] = []
            for e in file.variants {
                let variant = e.canonicalVariantLabel
                let compiled = try compile(e, into: &graph)
                // Roles name variants canonically, so sweep values' spelling never changes the key.
                let prefix = variant.isEmpty ? "" : "\(variant)/"
                for r in compiled.rows {
                    let role = prefix + r.role
                    upstream[.entry(role)] = r.key
                    pendingRows.append((e, variant, role, r))
                }
                if let p = compiled.pretrain {
                    let role = prefix + "pretrain"
                    upstream[.entry(role)] = p.key
                    pendingCurves.append((e, role, p.method, p.augmentations))
                }
                graph.addVariant(VariantPlan(experiment: e, stages: compiled.stages, variant: variant))
            }
            // Rows (curves) of one method and augmentations are told apart by the settings in
            // which their cases differ, so no two cases share a label.
            struct RowGroup: Hashable { var method: String; var augmentations: [String]; var mode: EvaluationMode }
            let rowSettings = CaseName.distinguishing(pendingRows.map { p in
                (RowGroup(method: p.row.method, augmentations: p.row.augmentations, mode: p.row.mode),
                 CaseName.settings(of: p.e, for: p.row.mode.kind))
            })
            let rows = zip(pendingRows, rowSettings).map { p, setting in
                ReportRow(role: p.role, variant: p.variant, method: p.row.method, augmentations: p.row.augmentations,
                          setting: setting, mode: p.row.mode, trainFolds: p.row.trainFolds, noiseLevel: p.row.noiseLevel)
            }
            let curveSettings = CaseName.distinguishing(pendingCurves.map { c in
                (RowGroup(method: c.method, augmentations: c.augmentations, mode: .linear), CaseName.settings(of: c.e, for: .pretrain))
            })
            let curves = zip(pendingCurves, curveSettings).map { c, setting in
                ReportCurve(role: c.role, method: c.method, augmentations: c.augmentations, setting: setting)
            }
            if !rows.isEmpty, let first = file.variants.first, let t = first.training {
                let inputs = ReportInputs(seed: first.seed, bootstrap: t.evaluation.bootstrap,
                                          defaultFolds: t.data.trainFolds, rows: rows, curves: curves)
                let report = PlannedStage(label: "report", version: registry.version(of: .report), inputs: inputs,
                                          upstream: upstream, runtime: first.runtime, origin: Self.origin(first))
                graph.add(report)
                graph.setReport(file: file.file, key: report.key)
            }
        }
        return graph
    }

    /// What one variant contributes to its file's report.
    private struct Compiled {
        struct Row { var role: String; var key: String; var method: String; var augmentations: [String]
                     var mode: EvaluationMode; var trainFolds: Int; var noiseLevel: Int }
        var stages: [(label: String, key: String)] = []
        var rows: [Row] = []
        var pretrain: (key: String, method: String, augmentations: [String])?
    }

    static func origin(_ e: Experiment) -> String { "\(e.file) (\(e.name))" }

    private func compile(_ e: Experiment, into graph: inout StageGraph) throws -> Compiled {
        var out = Compiled()
        func add(_ label: String, _ inputs: any StageInputs, upstream: [InputRole: String] = [:]) -> String {
            let s = PlannedStage(label: label, version: registry.version(of: type(of: inputs).kind), inputs: inputs,
                                 upstream: upstream, runtime: e.runtime, origin: Self.origin(e))
            let k = graph.add(s)
            out.stages.append((label, k))
            return k
        }
        if let st = e.selfTest {
            _ = add("selftest", SelfTestInputs(seed: e.seed, spec: st))
        }
        guard let t = e.training else { return out }

        func preprocess(_ ref: DatasetRef) throws -> String {
            let hash = try fingerprinter.contentHash(of: ref.path)
            let detected = try ref.format?.rawValue ?? fingerprinter.derived("format", ofContent: hash) {
                try PreprocessStage.format(of: ref, at: fingerprinter.url(of: ref.path)).rawValue
            }
            guard let format = DatasetFormat(rawValue: detected) else {
                throw PipelineError.cache("dataset '\(ref.path)': memoized format '\(detected)' is not a format")
            }
            return add("preprocess(\(ref.path))", PreprocessInputs(contentHash: hash, format: format, path: ref.path))
        }
        let downstream = try preprocess(t.data.downstream)

        var encoder: String?
        if t.method.pretrains && t.evaluation.usePretrained, let p = t.pretrain {
            var up: [InputRole: String] = [:]
            for (i, path) in t.data.pretrain.enumerated() { up[.corpus(i)] = try preprocess(path) }
            let inputs = PretrainInputs(seed: e.seed, method: t.method, model: t.model, pretrain: p,
                                        normalize: t.data.normalize, filterCinc: t.data.filterCinc,
                                        percentage: t.data.percentage, corpora: t.data.pretrain.count)
            let key = add("pretrain", inputs, upstream: up)
            encoder = key
            out.pretrain = (key, t.method.rawValue, Self.augmentations(t))
        }

        // Standard run, label-efficiency runs (folds 1...k), noise-robustness runs (level L).
        let ev = t.evaluation
        var settings: [(folds: Int, noise: Int, suffix: String)] = [(t.data.trainFolds, 0, "")]
        settings += ev.labelEfficiency.filter { $0 != t.data.trainFolds }.map { ($0, 0, "[folds=\($0)]") }
        settings += ev.noiseLevels.map { (t.data.trainFolds, $0, "[noise=\($0)]") }

        // Rows are named by how their encoder was obtained, from typed values alone.
        let pretrainedName = t.method.rawValue
        let scratchName = t.method == .supervised ? "supervised" : "random-init"
        // The trained entry of each protocol at the standard folds, which noise variants score.
        var clean: [EvaluationMode: String] = [:]
        for s in settings {
            func inputs(_ training: EvaluationInputs.Training) -> EvaluationInputs {
                EvaluationInputs(seed: e.seed, model: t.model, labels: t.data.labels, normalize: t.data.normalize,
                                 trainFolds: s.folds, valFold: t.data.valFold, testFold: t.data.testFold,
                                 batchSize: ev.batchSize, windowSize: ev.windowSize, windowStride: ev.windowStride,
                                 noiseLevel: s.noise, training: training)
            }
            var up: [InputRole: String] = [.downstream: downstream]
            if let encoder { up[.encoder] = encoder }
            let name = encoder == nil ? scratchName : pretrainedName
            let augmentations = encoder == nil ? [] : Self.augmentations(t)
            func row(_ label: String, _ key: String, _ mode: EvaluationMode, _ method: String, _ augs: [String]) {
                out.rows.append(.init(role: label, key: key, method: method, augmentations: augs, mode: mode,
                                      trainFolds: s.folds, noiseLevel: s.noise))
            }

            // A noise variant retrains nothing: it scores the clean run's model on noised windows.
            func upstream(_ mode: EvaluationMode, _ base: [InputRole: String]) -> [InputRole: String] {
                guard s.noise > 0, let trained = clean[mode] else { return base }
                return [.downstream: downstream, .trained: trained]
            }
            var finetuneKey: String?
            if let ft = ev.finetune {
                let label = "finetune" + s.suffix
                let key = add(label, FinetuneInputs(evaluation: inputs(.finetune(ft, head: ev.head))),
                              upstream: upstream(.finetune, up))
                if s.noise == 0 && s.folds == t.data.trainFolds { clean[.finetune] = key }
                finetuneKey = key
                row(label, key, .finetune, name, augmentations)
            }
            if let lin = ev.linearEval {
                var linUp = up
                var linName = name
                if t.method == .supervised, let finetuneKey {
                    // The supervised "linear evaluation" retrains a fresh head on the supervised model.
                    linUp[.encoder] = finetuneKey
                    linName = "supervised"
                }
                let label = "linear-eval" + s.suffix
                let key = add(label, LinearEvalInputs(evaluation: inputs(.linear(lin))), upstream: upstream(.linear, linUp))
                if s.noise == 0 && s.folds == t.data.trainFolds { clean[.linear] = key }
                row(label, key, .linear, linName, augmentations)
            }
        }
        return out
    }

    /// The pretraining augmentations that label a row (none for CPC, which uses none).
    static func augmentations(_ t: TrainingSpec) -> [String] {
        guard t.method != .cpc, t.method != .supervised else { return [] }
        return t.pretrain?.trafos.map(\.abbreviation) ?? []
    }
}
