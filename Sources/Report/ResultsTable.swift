import FileSupport
import Foundation
import Metrics

/// One evaluated model: which method and augmentations, how it was evaluated, and its scores.
public struct ResultEntry: Codable, Equatable, Sendable {
    /// How the encoder was obtained: "simclr", "byol", "swav", "cpc", "supervised", "random-init".
    public var method: String
    /// Pretraining augmentations in order (abbreviations), empty when none.
    public var augmentations: [String]
    /// What else tells this entry apart from others of its method and augmentations (the case's
    /// differing settings, `linear_eval.feature_stride=25`), empty when nothing does.
    public var setting: String
    /// The evaluation protocol column this entry fills.
    public var evaluation: Evaluation
    /// Test macro ROC-AUC (aggregated per record) with its bootstrap interval.
    public var test: Estimate
    /// Validation macro ROC-AUC at the selected epoch.
    public var validation: Double
    /// The epoch chosen by validation.
    public var selectedEpoch: Int
    /// Whether its training had settled (see the evaluation's result); a number from a run
    /// stopped while still improving is marked.
    public var settled: Bool
    /// Its gain over the column's reference row, with a paired interval: a linear probe against
    /// the random-init probe, a finetuned model against supervised training. Nil for the
    /// reference rows themselves.
    public var gain: Estimate?

    /// The two evaluation protocols of the paper's table.
    public enum Evaluation: String, Codable, Sendable, CaseIterable {
        case linear = "linear-eval"
        case finetune = "finetune"
    }

    /// An entry from its fields.
    public init(method: String, augmentations: [String], setting: String = "", evaluation: Evaluation, test: Estimate,
                validation: Double, selectedEpoch: Int, settled: Bool = true, gain: Estimate? = nil) {
        self.setting = setting
        self.settled = settled
        self.gain = gain
        self.method = method
        self.augmentations = augmentations
        self.evaluation = evaluation
        self.test = test
        self.validation = validation
        self.selectedEpoch = selectedEpoch
    }
}

/// Renders results in the paper's layout: rows method × augmentations, columns linear eval and
/// finetune; the random-init linear probe and the supervised baseline are always shown, and each
/// pretrained row states its gain over the random-init probe.
public enum ResultsTable {
    struct RowKey: Hashable { var method: String; var augmentations: [String]; var setting: String }

    static func rows(_ entries: [ResultEntry]) -> [(RowKey, [ResultEntry.Evaluation: ResultEntry])] {
        var order: [RowKey] = []
        var cells: [RowKey: [ResultEntry.Evaluation: ResultEntry]] = [:]
        for e in entries {
            let k = RowKey(method: e.method, augmentations: e.augmentations, setting: e.setting)
            if cells[k] == nil { order.append(k); cells[k] = [:] }
            cells[k]![e.evaluation] = e
        }
        // Baselines first, then methods in the order given.
        let rank: (RowKey) -> Int = { $0.method == "random-init" ? 0 : $0.method == "supervised" ? 1 : 2 }
        let sorted = order.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map { $0.element }
        return sorted.map { ($0, cells[$0]!) }
    }

    static func cell(_ e: ResultEntry?) -> String {
        guard let e else { return "—" }
        return String(format: "%.3f [%.3f, %.3f]", e.test.value, e.test.lower, e.test.upper) + (e.settled ? "" : " †")
    }

    static func displayName(_ method: String) -> String {
        switch method {
        case "random-init": return "random init (baseline)"
        case "simclr": return "SimCLR"
        case "byol": return "BYOL"
        case "swav": return "SwAV"
        case "cpc": return "CPC"
        default: return method
        }
    }

    /// One displayed row: the paper table's cells as text, before any markup.
    struct TableRow {
        var method: String
        var augmentations: String
        var linear: ResultEntry?
        var finetune: ResultEntry?
        /// Linear eval minus the random-init probe, nil where there is nothing to compare.
        var gain: Double?
    }

    /// The rows of the paper table, baselines first; `baselinePresent` is false when no
    /// random-init linear probe exists to state gains against.
    static func tableRows(_ entries: [ResultEntry]) -> (rows: [TableRow], baselinePresent: Bool) {
        let probes = entries.filter { $0.method == "random-init" && $0.evaluation == .linear }
        let out = rows(entries).map { k, c -> TableRow in
            var gain: Double?
            let b = probes.first { $0.setting == k.setting } ?? probes.first
            if let b, let l = c[.linear], k.method != "random-init" { gain = l.test.value - b.test.value }
            let name = displayName(k.method) + (k.setting.isEmpty ? "" : " (\(k.setting))")
            return TableRow(method: name, augmentations: k.augmentations.joined(separator: ", "),
                            linear: c[.linear], finetune: c[.finetune], gain: gain)
        }
        return (out, !probes.isEmpty)
    }

    static let caption = "Test macro ROC-AUC (per-record mean of window probabilities), 95 % bootstrap CI over test records; "
        + "gains are paired differences (the same resampled records for both models), bold where the interval excludes 0."

    /// Markdown table; `title` heads it.
    public static func markdown(_ entries: [ResultEntry], title: String) -> String {
        markdown(sections: [("", entries)], title: title)
    }

    /// Markdown for one or more experiments' rows; a non-empty section name adds an Experiment column.
    static func markdown(sections: [(name: String, entries: [ResultEntry])], title: String) -> String {
        let named = sections.contains { !$0.name.isEmpty }
        var s = "## \(title)\n\n\(caption)\n\n"
        s += (named ? "| Experiment " : "") + "| Method | Augmentations | Linear eval | Finetune | Linear eval − random-init probe | Finetune − supervised |\n"
        s += (named ? "|---" : "") + "|---|---|---|---|---|---|\n"
        var missing: [String] = []
        for (name, entries) in sections {
            let (rows, baselinePresent) = tableRows(entries)
            if !baselinePresent { missing.append(name) }
            for r in rows {
                // Paired gains when the report computed them, else the plain difference of point values.
                let linearGain = r.linear?.gain != nil ? gainCell(r.linear) : (r.gain.map { String(format: "%+.3f", $0) } ?? "—")
                let aug = r.augmentations.isEmpty ? "—" : r.augmentations
                s += (named ? "| \(name) " : "") + "| \(r.method) | \(aug) | \(cell(r.linear)) | \(cell(r.finetune)) | \(linearGain) | \(gainCell(r.finetune)) |\n"
            }
        }
        if sections.contains(where: { $0.entries.contains { !$0.settled } }) {
            s += "\n† its validation AUC was still climbing when the epoch cap ended the run: not a converged result.\n"
        }
        if !missing.isEmpty {
            let which = named ? " (\(missing.joined(separator: ", ")))" : ""
            s += "\n**Warning:** no random-init linear probe in these results\(which); gains cannot be judged.\n"
        }
        return s
    }

    /// A gain with its paired interval; a gain whose interval excludes 0 is bold.
    static func gainCell(_ e: ResultEntry?) -> String {
        guard let g = e?.gain else { return "—" }
        let text = String(format: "%+.3f [%+.3f, %+.3f]", g.value, g.lower, g.upper)
        return g.lower > 0 || g.upper < 0 ? "**\(text)**" : text
    }

    /// CSV with one line per entry.
    public static func csv(_ entries: [ResultEntry]) -> String {
        csv(sections: [("", entries)])
    }

    /// CSV for one or more experiments; a non-empty section name adds an `experiment` column.
    static func csv(sections: [(name: String, entries: [ResultEntry])]) -> String {
        let named = sections.contains { !$0.name.isEmpty }
        var s = (named ? "experiment," : "") + "method,augmentations,evaluation,test_macro_auc,ci_lower,ci_upper,val_macro_auc,selected_epoch,setting\n"
        for (name, entries) in sections {
            for e in entries {
                s += (named ? "\(CSV.field(name))," : "") + "\(CSV.field(e.method)),\(CSV.field(e.augmentations.joined(separator: "+"))),\(e.evaluation.rawValue),"
                s += String(format: "%.6f,%.6f,%.6f,%.6f,", e.test.value, e.test.lower, e.test.upper, e.validation)
                s += "\(e.selectedEpoch),\(CSV.field(e.setting))\n"
            }
        }
        return s
    }

    /// The main-table entries as JSON, so tools (`runexp report`) can combine experiments' tables.
    public static func json(_ entries: [ResultEntry]) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try e.encode(entries), as: UTF8.self) + "\n"
    }

    /// Entries read back from `json(_:)`.
    public static func entries(json: Data) throws -> [ResultEntry] {
        try JSONDecoder().decode([ResultEntry].self, from: json)
    }

    /// Bar chart of every entry's test AUC with its interval.
    public static func chart(_ entries: [ResultEntry], title: String) -> String {
        let labels = entries.map { e -> String in
            let aug = e.augmentations.isEmpty ? "" : e.augmentations.joined(separator: "+") + " · "
            let setting = e.setting.isEmpty ? "" : " (\(e.setting))"
            return "\(displayName(e.method))\(setting)\n\(aug)\(e.evaluation == .linear ? "linear" : "finetune")"
        }
        return SVGChart.bars(title: title, y: .auc("test macro AUC"), labels: labels,
                             values: entries.map { $0.test.value },
                             intervals: entries.map { ($0.test.lower, $0.test.upper) })
    }
}
