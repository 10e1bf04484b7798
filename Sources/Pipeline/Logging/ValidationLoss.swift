import Foundation

/// The evaluation protocol's validation loss for logs: binary cross-entropy of the per-record
/// mean probabilities (the scores model selection ranks by AUC), averaged over records and classes.
enum ValidationLoss {
    /// Probabilities are clamped to [1e-7, 1 − 1e-7] so a confident miss stays finite.
    static func recordBCE(_ scored: (scores: [[Double]], labels: [[Bool]])) -> Double? {
        var sum = 0.0, count = 0
        for (row, labels) in zip(scored.scores, scored.labels) {
            for (p, y) in zip(row, labels) {
                let q = min(max(p, 1e-7), 1 - 1e-7)
                sum -= y ? log(q) : log(1 - q)
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : nil
    }
}
