import ExperimentSpec
import Foundation
import Report

/// report: the experiment's results in the paper's layout, regenerated from the cached evaluation
/// and pretraining entries alone: `results.md`, `results.csv`, `auc.svg`, training curves and,
/// where run, label-efficiency and noise-robustness curves.
public struct ReportStage: Stage {
    public let kind = "report"
    public let version = 2

    /// The stage.
    public init() {}

    public func run(_ context: StageContext) throws {
        let e = context.stage.experiment
        let defaultFolds = e.training?.data.trainFolds ?? 8
        var records: [(label: String, record: EvaluationRecord)] = []
        var pretrainCurves: [Series] = []
        var finetuneCurves: [Series] = []
        for (label, dir) in context.inputs.sorted(by: { $0.key < $1.key }) {
            let result = dir.appendingPathComponent("result.json")
            if FileManager.default.fileExists(atPath: result.path) {
                let r = try JSONDecoder().decode(EvaluationRecord.self, from: Data(contentsOf: result))
                records.append((label, r))
                if r.noiseLevel == 0 && r.trainFolds == defaultFolds {
                    let rows = try Self.csvRows(dir.appendingPathComponent("curve.csv"))
                    finetuneCurves.append(Series(name: Self.name(r.entry), points: rows.compactMap { row in
                        row.count >= 4 ? Double(row[1]).flatMap { x in Double(row[3]).map { (x, $0) } } : nil
                    }))
                }
            } else if FileManager.default.fileExists(atPath: dir.appendingPathComponent("pretrain.json").path) {
                let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("pretrain.json"))) as? [String: String] ?? [:]
                let rows = try Self.csvRows(dir.appendingPathComponent("curve.csv"))
                let name = [meta["method"] ?? label, meta["augmentations"] ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
                pretrainCurves.append(Series(name: name, points: rows.compactMap { row in
                    row.count >= 2 ? Double(row[0]).flatMap { x in Double(row[1]).map { (x, $0) } } : nil
                }))
            }
        }
        guard !records.isEmpty else { throw PipelineError.badInput("report: no evaluation results among its inputs") }
        let out = context.output
        let main = records.filter { $0.record.noiseLevel == 0 && $0.record.trainFolds == defaultFolds }.map(\.record.entry)
        var md = "# \(e.name)\n\n" + ResultsTable.markdown(main, title: "Results (label set '\(records[0].record.labelSet)', \(records[0].record.classes.count) classes, \(records[0].record.testRecords) test records)")
        try ResultsTable.csv(records.map(\.record.entry)).write(to: out.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        try ResultsTable.chart(main, title: "\(e.name): test macro AUC").write(to: out.appendingPathComponent("auc.svg"), atomically: true, encoding: .utf8)
        md += "\n![test macro AUC](auc.svg)\n"
        if !pretrainCurves.isEmpty {
            try SVGChart.lines(title: "Pretraining loss", xLabel: "epoch", yLabel: "train loss", series: pretrainCurves)
                .write(to: out.appendingPathComponent("pretrain_loss.svg"), atomically: true, encoding: .utf8)
            md += "![pretraining loss](pretrain_loss.svg)\n"
        }
        if !finetuneCurves.isEmpty {
            try SVGChart.lines(title: "Validation macro AUC", xLabel: "epoch", yLabel: "val macro AUC", series: finetuneCurves)
                .write(to: out.appendingPathComponent("val_auc.svg"), atomically: true, encoding: .utf8)
            md += "![validation AUC](val_auc.svg)\n"
        }
        for (file, title, axis, pick) in [
            ("label_efficiency.svg", "Label efficiency", "training folds", { (r: EvaluationRecord) -> Double? in r.noiseLevel == 0 ? Double(r.trainFolds) : nil }),
            ("noise.svg", "Noise robustness", "noise level", { (r: EvaluationRecord) -> Double? in r.trainFolds == defaultFolds ? Double(r.noiseLevel) : nil }),
        ] {
            var series: [String: [(x: Double, y: Double, lo: Double, hi: Double)]] = [:]
            for (_, r) in records { if let x = pick(r) { series[Self.name(r.entry), default: []].append((x, r.entry.test.value, r.entry.test.lower, r.entry.test.upper)) } }
            guard series.values.contains(where: { Set($0.map(\.x)).count > 1 }) else { continue }
            let s = series.sorted { $0.key < $1.key }.map { name, pts -> Series in
                let p = pts.sorted { $0.x < $1.x }
                return Series(name: name, points: p.map { ($0.x, $0.y) }, intervals: p.map { ($0.lo, $0.hi) })
            }
            try SVGChart.lines(title: title, xLabel: axis, yLabel: "test macro AUC", series: s)
                .write(to: out.appendingPathComponent(file), atomically: true, encoding: .utf8)
            md += "![\(title)](\(file))\n"
        }
        md += "\nEvery number comes from the cached stage entries of this run; the per-record test predictions and labels are in each evaluation entry (`predictions.csv`, `labels.csv`).\n"
        try md.write(to: out.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
    }

    static func name(_ e: ResultEntry) -> String {
        let aug = e.augmentations.isEmpty ? "" : " " + e.augmentations.joined(separator: "+")
        return "\(e.method)\(aug) \(e.evaluation == .linear ? "lin" : "fin")"
    }

    static func csvRows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
