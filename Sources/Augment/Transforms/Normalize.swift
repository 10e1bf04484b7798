import TensorCore

/// Normalize: x ← (x − mean_c) / std_c with the reference's fixed PTB-XL per-lead statistics
/// (lead order I, II, V1..V6, III, aVR, aVL, aVF).
public struct Normalize: Transform {
    public let kind = TransformKind.normalize
    public let parameters: ParameterValues

    /// PTB-XL per-lead means (mV).
    public static let mean: [Float] = [-0.00184586, -0.00130277, 0.00017031, -0.00091313, -0.00148835, -0.00174687,
                                       -0.00077071, -0.00207407, 0.00054329, 0.00155546, -0.00114379, -0.00035649]
    /// PTB-XL per-lead standard deviations (mV).
    public static let std: [Float] = [0.16401004, 0.1647168, 0.23374124, 0.33767231, 0.33362807, 0.30583013,
                                      0.2731171, 0.27554379, 0.17128962, 0.14030828, 0.14606956, 0.14656108]

    init(_ p: ParameterValues) { parameters = p }

    public func validate(leads: Int, length: Int) throws {
        guard leads == Self.mean.count, length >= 1 else {
            throw AugmentError.badWindow(transform: kind.rawValue, leads: leads, length: length,
                                         requirement: "exactly 12 leads (its statistics are per lead)")
        }
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        for c in 0..<window.leads {
            let m = Self.mean[c], s = Self.std[c]
            let x = window.base + c * window.length
            for i in 0..<window.length { x[i] = (x[i] - m) / s }
        }
    }
}
