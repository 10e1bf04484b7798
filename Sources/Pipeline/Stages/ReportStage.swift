import ExperimentSpec
import Foundation
import Metrics
import Report

/// report: the experiment's results in the paper's layout, regenerated from the cached evaluation
/// and pretraining entries alone: `results.md`, `results.csv`, `results.tex`, `results.json` (the
/// main table, for combining experiments), `auc.svg`, training curves and, where run,
/// label-efficiency and noise-robustness curves and the augmentation-pair heatmap.
public struct ReportStage: Stage {
    public let version = 8

    /// The stage.
    public init() {}

    /// One evaluation row with what its entry recorded.
    struct Row {
        var row: ReportRow
        var result: EvaluationResult
        var entry: ResultEntry
        var predictions: PredictionTable
    }

    public func run(_ inputs: ReportInputs, _ context: StageContext) throws {
        // One resampling of the test records for every row: intervals of different rows are
        // paired (the same resampled records), as a difference between them needs.
        let bootstrapSeed = context.makeGenerator().fork(99).seedValue
        var rows: [Row] = []
        for r in inputs.rows {
            let dir = try context.artifacts(.entry(r.role))
            let result = try EvaluationResult.read(from: dir)
            let p = try PredictionTable.read(from: dir)
            let test = inputs.bootstrap > 0
                ? Bootstrap.macroAUC(scores: p.scores, labels: p.labels, replicates: inputs.bootstrap, seed: bootstrapSeed)
                : .exact(result.testAUC)
            let entry = ResultEntry(method: r.method, augmentations: r.augmentations, setting: r.setting, evaluation: r.mode.column, test: test,
                                    validation: result.validationAUC, selectedEpoch: result.selectedEpoch,
                                    settled: result.settled)
            rows.append(Row(row: r, result: result, entry: entry, predictions: p))
        }
        // Gains over the reference row of the same column, folds and noise level: the
        // random-init probe for linear evaluation, supervised training for finetuning; the one
        // with the same setting where the cases vary one (a probe per feature stride).
        for i in rows.indices {
            let r = rows[i].row
            let reference = r.mode == .linear ? "random-init" : "supervised"
            let candidates = rows.filter {
                $0.row.method == reference && $0.row.mode == r.mode && $0.row.trainFolds == r.trainFolds
                    && $0.row.noiseLevel == r.noiseLevel
            }
            guard r.method != reference, let b = candidates.first(where: { $0.row.setting == r.setting }) ?? candidates.first,
                  b.predictions.ids == rows[i].predictions.ids else { continue }
            let a = rows[i].predictions
            rows[i].entry.gain = inputs.bootstrap > 0
                ? Bootstrap.macroAUCDifference(a.scores, b.predictions.scores, labels: a.labels, replicates: inputs.bootstrap,
                                               seed: bootstrapSeed)
                : .exact(rows[i].result.testAUC - b.result.testAUC)
        }
        guard let first = rows.first else { throw PipelineError.badInput("report: no evaluation results among its inputs") }
        var pretrainCurves: [Series] = []
        for c in inputs.curves {
            let result = try PretrainResult.read(from: try context.artifacts(.entry(c.role)))
            let name = ([c.method] + (c.augmentations.isEmpty ? [] : [c.augmentations.joined(separator: "+")])
                + (c.setting.isEmpty ? [] : ["(\(c.setting))"])).joined(separator: " ")
            pretrainCurves.append(Series(name: name, points: result.curve.map { (Double($0.epoch), $0.trainLoss) }))
        }
        let defaultFolds = inputs.defaultFolds
        let isMain: (Row) -> Bool = { $0.row.noiseLevel == 0 && $0.row.trainFolds == defaultFolds }
        let finetuneCurves = rows.filter(isMain).map { r in
            Series(name: Self.name(r.entry), points: r.result.curve.map { (Double($0.epoch), $0.validationAUC) })
        }
        let out = context.output
        let main = Self.unique(rows.filter(isMain).map(\.entry))
        // The experiment's name is an output name, not an input: `runexp report` prints it above.
        let title = "Results (label set '\(first.result.labelSet)', \(first.result.classes.count) classes, \(first.result.testRecords) test records)"
        var md = ResultsTable.markdown(main, title: title)
        try ResultsTable.latex(main, title: title).write(to: out.appendingPathComponent("results.tex"), atomically: true, encoding: .utf8)
        try ResultsTable.json(main).write(to: out.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        try ResultsTable.csv(Self.unique(rows.map(\.entry))).write(to: out.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        try ReportFigures.auc(main).write(to: out.appendingPathComponent("auc.svg"), atomically: true, encoding: .utf8)
        md += "\n![test macro AUC](auc.svg)\n"
        if !pretrainCurves.isEmpty {
            try ReportFigures.pretrainingLoss(pretrainCurves)
                .write(to: out.appendingPathComponent("pretrain_loss.svg"), atomically: true, encoding: .utf8)
            md += "![pretraining loss](pretrain_loss.svg)\n"
        }
        if !finetuneCurves.isEmpty {
            try ReportFigures.validationAUC(finetuneCurves)
                .write(to: out.appendingPathComponent("val_auc.svg"), atomically: true, encoding: .utf8)
            md += "![validation AUC](val_auc.svg)\n"
        }
        var curveTables = ""
        for (file, title, xName, draw, pick) in [
            ("label_efficiency.svg", "Label efficiency", "folds", ReportFigures.labelEfficiency, { (r: ReportRow) -> Int? in r.noiseLevel == 0 ? r.trainFolds : nil }),
            ("noise.svg", "Noise robustness", "noise level", ReportFigures.noiseRobustness, { (r: ReportRow) -> Int? in r.trainFolds == defaultFolds ? r.noiseLevel : nil }),
        ] {
            var series: [String: [CurveTable.Point]] = [:]
            for r in rows { if let x = pick(r.row) { series[Self.name(r.entry), default: []].append((x, r.entry.test, r.entry.gain, r.entry.settled)) } }
            guard series.values.contains(where: { Set($0.map(\.x)).count > 1 }) else { continue }
            let sorted = series.sorted { $0.key < $1.key }.map { name, pts in (name, pts.sorted { $0.x < $1.x }) }
            let s = sorted.map { name, p in
                Series(name: name, points: p.map { (Double($0.x), $0.test.value) }, intervals: p.map { ($0.test.lower, $0.test.upper) })
            }
            try draw(s)
                .write(to: out.appendingPathComponent(file), atomically: true, encoding: .utf8)
            md += "![\(title)](\(file))\n"
            curveTables += CurveTable.markdown(title: title, xName: xName, sorted.map { CurveTable.Series(name: $0.0, points: $0.1) })
        }
        md += curveTables
        if let sweep = AugmentationSweep.detect(main) {
            try ReportFigures.augmentations(sweep).write(to: out.appendingPathComponent("augmentations.svg"), atomically: true, encoding: .utf8)
            md += "![augmentation pairs](augmentations.svg)\n"
        }
        md += "\nEvery number comes from the cached stage entries of this run; the per-record test predictions and labels are in each evaluation entry (`predictions.csv`, `labels.csv`).\n"
        try md.write(to: out.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
    }

    /// Entries without repeats: cases that share an evaluation entry (e.g. random-init probes of
    /// cases differing only in an unused method) fill one row.
    static func unique(_ entries: [ResultEntry]) -> [ResultEntry] {
        var seen: [ResultEntry] = []
        for e in entries where !seen.contains(e) { seen.append(e) }
        return seen
    }

    static func name(_ e: ResultEntry) -> String {
        let aug = e.augmentations.isEmpty ? "" : " " + e.augmentations.joined(separator: "+")
        let setting = e.setting.isEmpty ? "" : " (\(e.setting))"
        return "\(e.method)\(aug)\(setting) \(e.evaluation == .linear ? "lin" : "fin")"
    }

}
