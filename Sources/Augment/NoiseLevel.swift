/// The noise-robustness evaluation's six levels (reference `eval.py --test_noised`): maximum
/// amplitudes of baseline wander, electromyographic, powerline and baseline-shift noise.
public struct NoiseLevel: Hashable, Sendable {
    /// Level number, 1...6.
    public let level: Int
    public let baselineWander: Double
    public let electromyographic: Double
    public let powerline: Double
    public let baselineShift: Double

    /// The reference's table, level 1 first (level 2 equals the pretraining noise defaults).
    public static let all: [NoiseLevel] = [
        NoiseLevel(level: 1, baselineWander: 0.05, electromyographic: 0.25, powerline: 0.1, baselineShift: 0.5),
        NoiseLevel(level: 2, baselineWander: 0.1, electromyographic: 0.5, powerline: 0.2, baselineShift: 1),
        NoiseLevel(level: 3, baselineWander: 0.1, electromyographic: 1, powerline: 0.2, baselineShift: 2),
        NoiseLevel(level: 4, baselineWander: 0.2, electromyographic: 1, powerline: 0.4, baselineShift: 2),
        NoiseLevel(level: 5, baselineWander: 0.2, electromyographic: 1.5, powerline: 0.4, baselineShift: 2.5),
        NoiseLevel(level: 6, baselineWander: 0.3, electromyographic: 2, powerline: 0.5, baselineShift: 3),
    ]

    /// Level `level` (1...6).
    public init(_ level: Int) throws {
        guard (1...Self.all.count).contains(level) else { throw AugmentError.unknownNoiseLevel(level) }
        self = Self.all[level - 1]
    }

    private init(level: Int, baselineWander: Double, electromyographic: Double, powerline: Double, baselineShift: Double) {
        self.level = level
        self.baselineWander = baselineWander
        self.electromyographic = electromyographic
        self.powerline = powerline
        self.baselineShift = baselineShift
    }

    /// BaselineWander, PowerlineNoise, EMNoise, BaselineShift — the reference's order.
    public var pipeline: AugmentationPipeline {
        // The amplitudes come from the fixed table above, all inside the parameter domains.
        try! AugmentationPipeline(steps: [
            TransformStep("BaselineWander", ["cmax": .number(baselineWander)]),
            TransformStep("PowerlineNoise", ["cmax": .number(powerline)]),
            TransformStep("EMNoise", ["cmax": .number(electromyographic)]),
            TransformStep("BaselineShift", ["cmax": .number(baselineShift)]),
        ])
    }
}
