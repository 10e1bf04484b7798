/// The figures a report writes, each a pure function of its data: the report stage and the
/// tests draw exactly the same ones.
public enum ReportFigures {
    /// Pretraining loss per method over epochs: small multiples when the losses' scales differ
    /// (CPC sums over positions, SimCLR does not), never below 0.
    public static func pretrainingLoss(_ series: [Series]) -> String {
        LineChart(title: "Pretraining loss", x: .count("epoch"), y: .nonNegative("train loss"), series: series).svg()
    }

    /// Validation macro AUC over finetuning epochs.
    public static func validationAUC(_ series: [Series]) -> String {
        LineChart(title: "Validation macro AUC", x: .count("epoch"), y: .auc("val macro AUC"), series: series,
                  layout: .overlay).svg()
    }

    /// Test AUC against the number of training folds (1, 2, 4, 8 on a log₂ axis), with 95 % bands.
    public static func labelEfficiency(_ series: [Series]) -> String {
        let folds = Set(series.flatMap { $0.points.map(\.x) }).sorted()
        return LineChart(title: "Label efficiency", x: Axis(label: "training folds", integer: true, lowerBound: 0, scale: .log2, ticks: folds),
                         y: .auc("test macro AUC"), series: series, layout: .overlay).svg()
    }

    /// Test AUC against the noise level (0–6), with 95 % bands.
    public static func noiseRobustness(_ series: [Series]) -> String {
        LineChart(title: "Noise robustness", x: .count("noise level"), y: .auc("test macro AUC"), series: series,
                  layout: .overlay).svg()
    }

    /// The augmentation-pair heatmap.
    public static func augmentations(_ sweep: AugmentationSweep) -> String { Heatmap(sweep).svg() }

    /// Test AUC per main-table entry, as bars with intervals.
    public static func auc(_ entries: [ResultEntry]) -> String { ResultsTable.chart(entries, title: "Test macro AUC") }
}
