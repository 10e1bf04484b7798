import Foundation
import Metrics

/// One evaluated model: which method and augmentations, how it was evaluated, and its scores.
public struct ResultEntry: Codable, Equatable, Sendable {
    /// How the encoder was obtained: "simclr", "byol", "swav", "cpc", "supervised", "random-init".
    public var method: String
    /// Pretraining augmentations in order (abbreviations), empty when none.
    public var augmentations: [String]
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
    public init(method: String, augmentations: [String], evaluation: Evaluation, test: Estimate,
                validation: Double, selectedEpoch: Int, settled: Bool = true, gain: Estimate? = nil) {
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
    struct RowKey: Hashable { var method: String; var augmentations: [String] }

    static func rows(_ entries: [ResultEntry]) -> [(RowKey, [ResultEntry.Evaluation: ResultEntry])] {
        var order: [RowKey] = []
        var cells: [RowKey: [ResultEntry.Evaluation: ResultEntry]] = [:]
        for e in entries {
            let k = RowKey(method: e.method, augmentations: e.augmentations)
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

    /// Markdown table; `title` heads it.
    public static func markdown(_ entries: [ResultEntry], title: String) -> String {
        let baseline = entries.first { $0.method == "random-init" && $0.evaluation == .linear }
        var s = "## \(title)\n\nTest macro ROC-AUC (per-record mean of window probabilities), 95 % bootstrap CI over test records; "
        s += "gains are paired differences (the same resampled records for both models).\n\n"
        s += "| Method | Augmentations | Linear eval | Finetune | Linear eval − random-init probe | Finetune − supervised |\n|---|---|---|---|---|---|\n"
        for (k, c) in rows(entries) {
            let aug = k.augmentations.isEmpty ? "—" : k.augmentations.joined(separator: ", ")
            s += "| \(displayName(k.method)) | \(aug) | \(cell(c[.linear])) | \(cell(c[.finetune])) | \(gainCell(c[.linear])) | \(gainCell(c[.finetune])) |\n"
        }
        if entries.contains(where: { !$0.settled }) {
            s += "\n† its validation AUC was still climbing when the epoch cap ended the run: not a converged result.\n"
        }
        if baseline == nil { s += "\n**Warning:** no random-init linear probe in these results; gains cannot be judged.\n" }
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
        var s = "method,augmentations,evaluation,test_macro_auc,ci_lower,ci_upper,val_macro_auc,selected_epoch\n"
        for e in entries {
            s += "\(e.method),\(e.augmentations.joined(separator: "+")),\(e.evaluation.rawValue),"
            s += String(format: "%.6f,%.6f,%.6f,%.6f,", e.test.value, e.test.lower, e.test.upper, e.validation)
            s += "\(e.selectedEpoch)\n"
        }
        return s
    }

    /// Bar chart of every entry's test AUC with its interval.
    public static func chart(_ entries: [ResultEntry], title: String) -> String {
        let labels = entries.map { e -> String in
            let aug = e.augmentations.isEmpty ? "" : " " + e.augmentations.joined(separator: "+")
            return "\(displayName(e.method))\(aug) (\(e.evaluation == .linear ? "lin" : "fin"))"
        }
        return SVGChart.bars(title: title, yLabel: "test macro AUC", labels: labels,
                             values: entries.map { $0.test.value },
                             intervals: entries.map { ($0.test.lower, $0.test.upper) },
                             width: max(640, 170 * Double(entries.count) + 220))
    }
}
