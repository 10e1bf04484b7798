/// When an evaluation phase stops: once the validation macro AUC has not gained at least
/// `minimumGain` over its last reference value for `patience` epochs, patience being
/// max(10, 10 % of the epoch cap). The epoch count is a cap, and the model kept is still the one
/// of the best validation epoch, as in the reference.
struct EarlyStopping: Codable, Equatable {
    static let minimumGain = 0.001

    let patience: Int
    /// The validation AUC of the last epoch that counted as an improvement.
    var reference = -Double.infinity
    /// Epochs since that improvement.
    var sinceImprovement = 0

    /// The rule for a phase of at most `cap` epochs.
    init(cap: Int) { patience = max(10, Int((Double(cap) * 0.1).rounded(.up))) }

    /// Records one epoch's validation AUC; true when the phase should stop.
    mutating func record(_ auc: Double) -> Bool {
        if auc >= reference + Self.minimumGain {
            reference = auc
            sinceImprovement = 0
        } else {
            sinceImprovement += 1
        }
        return sinceImprovement >= patience
    }

    /// Whether a curve of validation AUCs had settled: the best of its last 20 % of epochs is
    /// less than 0.005 above the best before them. A run stopped on patience has settled too.
    static func settled(_ curve: [Double]) -> Bool {
        guard curve.count >= 5 else { return false }
        let tail = max(1, Int((Double(curve.count) * 0.2).rounded(.up)))
        let before = curve.dropLast(tail).max() ?? -Double.infinity
        let last = curve.suffix(tail).max() ?? -Double.infinity
        return last - before < 0.005
    }
}
