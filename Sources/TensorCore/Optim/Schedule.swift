import Foundation

/// A learning-rate multiplier as a function of the optimizer step (0-based).
public protocol LearningRateSchedule {
    /// The factor applied to each group's base learning rate at `step`.
    func factor(step: Int) -> Double
}

/// Factor 1 at every step.
public struct ConstantSchedule: LearningRateSchedule {
    /// The constant schedule.
    public init() {}
    public func factor(step: Int) -> Double { 1 }
}

/// pl_bolts' LinearWarmupCosineAnnealingLR from 0, stepped per optimizer step: factor
/// step/(warmup−1) during warmup (0 at step 0), then ½(1 + cos(π·(step − warmup)/(total − warmup)))
/// down to 0 at `totalSteps`.
public struct WarmupCosineSchedule: LearningRateSchedule {
    /// Steps of linear warmup and the total number of steps.
    public let warmupSteps: Int, totalSteps: Int

    /// A schedule; needs totalSteps > warmupSteps ≥ 0.
    public init(warmupSteps: Int, totalSteps: Int) {
        require(warmupSteps >= 0 && totalSteps > warmupSteps,
                     "WarmupCosineSchedule: needs totalSteps (\(totalSteps)) > warmupSteps (\(warmupSteps)) ≥ 0")
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    public func factor(step: Int) -> Double {
        if step < warmupSteps {
            return warmupSteps == 1 ? 0 : Double(step) / Double(warmupSteps - 1)
        }
        let progress = min(1, Double(step - warmupSteps) / Double(totalSteps - warmupSteps))
        return 0.5 * (1 + cos(Double.pi * progress))
    }
}
