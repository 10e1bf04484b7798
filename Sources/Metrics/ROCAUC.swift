import TensorCore

/// Area under the ROC curve, computed exactly as the Mann–Whitney statistic with tied scores
/// sharing their average rank — the same number as scikit-learn's trapezoidal `roc_auc_score`.
public enum ROCAUC {
    /// AUC of one class, or nil when `labels` holds only one value (AUC undefined).
    public static func binary(scores: [Double], labels: [Bool]) -> Double? {
        require(scores.count == labels.count,
                     "ROCAUC.binary: \(scores.count) scores but \(labels.count) labels")
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Sum of the positives' ranks, ties sharing the mean of the ranks they span.
        var rankSumPositives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let meanRank = Double(i + j + 2) / 2 // ranks are 1-based
            for k in i...j where labels[order[k]] { rankSumPositives += meanRank }
            i = j + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSumPositives - p * (p + 1) / 2) / (p * n)
    }

    /// Macro average over classes of a [records × classes] problem; a class whose labels hold
    /// one value only counts 0.5 (the reference's convention).
    public static func macro(scores: [[Double]], labels: [[Bool]]) -> Double {
        require(scores.count == labels.count && !scores.isEmpty,
                     "ROCAUC.macro: \(scores.count) score rows but \(labels.count) label rows")
        let classes = scores[0].count
        require(classes > 0 && scores.allSatisfy { $0.count == classes } && labels.allSatisfy { $0.count == classes },
                     "ROCAUC.macro: every row needs \(classes) classes")
        var total = 0.0
        for c in 0..<classes {
            let s = scores.map { $0[c] }, l = labels.map { $0[c] }
            total += binary(scores: s, labels: l) ?? 0.5
        }
        return total / Double(classes)
    }

    /// Per-class AUCs (nil where undefined).
    public static func perClass(scores: [[Double]], labels: [[Bool]]) -> [Double?] {
        guard let classes = scores.first?.count else { return [] }
        return (0..<classes).map { c in binary(scores: scores.map { $0[c] }, labels: labels.map { $0[c] }) }
    }
}
