import Foundation

/// A training stage's scalar records (losses, learning rate, validation metrics, the method's
/// own signals), kept in the stage's checkpointed loop state: a resumed run restores the records
/// made before the kill and re-makes the rest, so its log equals an uninterrupted run's.
struct ScalarLog: Codable, Equatable, Sendable {
    /// One value of one named series at a training step.
    struct Record: Codable, Equatable, Sendable {
        /// Training steps completed when it was recorded (1-based; epoch values take the step
        /// their epoch ended at, as Lightning logs them).
        var step: Int
        /// 1-based epoch it belongs to.
        var epoch: Int
        /// Series name, TensorBoard's tag (`train/loss`, `val/macro_auc`, ...).
        var name: String
        var value: Double
    }

    private(set) var records: [Record] = []
    /// Seconds since the Unix epoch of each record, parallel to `records`. The only thing that
    /// differs between runs, so it never reaches the cached artifacts (see `ScalarLogFiles`).
    private(set) var wallTimes: [Double] = []
    /// Training steps recorded so far.
    private(set) var steps = 0

    /// Records one training step's values at the next step number. Non-finite values are left
    /// out: they would not survive the checkpoint's JSON, and a diverged loss stops the run anyway.
    mutating func step(epoch: Int, _ values: [(String, Double?)], now: Double = Date().timeIntervalSince1970) {
        steps += 1
        add(epoch: epoch, values, now: now)
    }

    /// Records end-of-epoch values (validation metrics) at the current step.
    mutating func epoch(_ epoch: Int, _ values: [(String, Double?)], now: Double = Date().timeIntervalSince1970) {
        add(epoch: epoch, values, now: now)
    }

    private mutating func add(epoch: Int, _ values: [(String, Double?)], now: Double) {
        for case let (name, value?) in values where value.isFinite {
            records.append(Record(step: steps, epoch: epoch, name: name, value: value))
            wallTimes.append(now)
        }
    }
}
