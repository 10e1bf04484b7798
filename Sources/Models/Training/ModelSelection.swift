/// When an evaluation phase stops: once the validation macro AUC has not gained at least
/// `minimumGain` over its last reference value for `patience` epochs, patience being
/// max(10, 10 % of the epoch cap). The epoch count is a cap, and the model kept is still the one
/// of the best validation epoch, as in the reference.
public struct EarlyStopping: Codable, Equatable, Sendable {
    /// The smallest gain that counts as an improvement.
    public static let minimumGain = 0.001

    /// Epochs without an improvement after which the phase stops.
    public let patience: Int
    /// The validation AUC of the last epoch that counted as an improvement.
    public private(set) var reference = -Double.infinity
    /// Epochs since that improvement.
    public private(set) var sinceImprovement = 0

    /// The rule for a phase of at most `cap` epochs.
    public init(cap: Int) { patience = max(10, Int((Double(cap) * 0.1).rounded(.up))) }

    /// Records one epoch's validation AUC; true when the phase should stop.
    public mutating func record(_ auc: Double) -> Bool {
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
    public static func settled(_ curve: [Double]) -> Bool {
        guard curve.count >= 5 else { return false }
        let tail = max(1, Int((Double(curve.count) * 0.2).rounded(.up)))
        let before = curve.dropLast(tail).max() ?? -Double.infinity
        let last = curve.suffix(tail).max() ?? -Double.infinity
        return last - before < 0.005
    }
}

/// Model selection over the epochs of a (possibly phased) training run by a validation score:
/// the best epoch so far, and whether the current phase stopped on patience. The caller keeps the
/// best epoch's parameter values and its test scores; this holds the decisions, so that they are
/// the same for every evaluation that trains (finetuning, linear probes, supervised training).
public struct ModelSelection: Codable, Equatable, Sendable {
    /// The best validation score so far, over all phases.
    public private(set) var bestScore = -Double.infinity
    /// The epoch (1-based, counted over all phases) that scored it; 0 before any epoch.
    public private(set) var bestEpoch = 0
    /// The current phase's early-stopping rule (nil when the phase runs to its cap).
    public private(set) var stopping: EarlyStopping?
    /// Whether the current phase stopped on patience.
    public private(set) var stoppedOnPatience = false
    /// Whether the current phase has begun (a resumed run must not restart its patience count).
    public private(set) var phaseBegun = false

    /// Nothing selected yet.
    public init() {}

    /// Starts a phase of at most `cap` epochs, with or without early stopping.
    public mutating func beginPhase(cap: Int, earlyStopping: Bool) {
        stopping = earlyStopping ? EarlyStopping(cap: cap) : nil
        stoppedOnPatience = false
        phaseBegun = true
    }

    /// Records the score of `epoch`; true when it is the best so far (strictly above the previous best,
    /// so ties keep the earlier epoch).
    public mutating func record(_ score: Double, epoch: Int) -> Bool {
        let best = score > bestScore
        if best {
            bestScore = score
            bestEpoch = epoch
        }
        if stopping?.record(score) == true { stoppedOnPatience = true }
        return best
    }

    /// Ends the current phase; the next one starts with `beginPhase`.
    public mutating func endPhase() {
        stopping = nil
        stoppedOnPatience = false
        phaseBegun = false
    }
}
