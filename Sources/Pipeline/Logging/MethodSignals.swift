import Models

/// The pretraining method's own signals after a step, where they cost nothing to read: CPC's
/// prediction accuracy, BYOL's τ, SwAV's queue fill.
enum MethodSignals {
    /// Name → value after the step that just completed; `progress` is the trainer's position
    /// after it (so `progress.step - 1` is the step the hooks saw).
    static func after<M: PretrainingMethod>(_ method: M, progress: TrainingProgress) -> [(String, Double?)] {
        switch method {
        case let cpc as CPC:
            return [("cpc/accuracy", cpc.lastAccuracy.value)]
        case let byol as BYOL:
            return [("byol/tau", byol.tau(step: progress.step - 1, totalSteps: progress.totalSteps))]
        case let swav as SwAV:
            return [("swav/queue_fill", swav.queueFill)]
        default:
            return []
        }
    }
}
