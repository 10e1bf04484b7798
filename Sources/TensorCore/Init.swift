import Foundation

/// Seeded parameter initializers matching PyTorch's formulas.
extension Tensor {
    /// Elements uniform in [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float, using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.uniform(Double(low), Double(high))) })
    }

    /// Elements normal with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.normal(mean: Double(mean), std: Double(std))) })
    }

    /// kaiming_normal_(mode="fan_in", nonlinearity="relu"): N(0, 2 / fanIn).
    public static func kaimingNormal(_ shape: [Int], fanIn: Int, using rng: inout SeededGenerator) -> Tensor {
        normal(shape, std: Float((2.0 / Double(fanIn)).squareRoot()), using: &rng)
    }

    /// PyTorch's default Linear / Conv weight init, kaiming_uniform_(a=√5): U(±1/√fanIn).
    public static func pytorchDefaultWeight(_ shape: [Int], fanIn: Int, using rng: inout SeededGenerator) -> Tensor {
        let bound = Float(1 / Double(fanIn).squareRoot())
        return uniform(shape, low: -bound, high: bound, using: &rng)
    }

    /// PyTorch's default Linear / Conv bias init: U(±1/√fanIn).
    public static func pytorchDefaultBias(_ shape: [Int], fanIn: Int, using rng: inout SeededGenerator) -> Tensor {
        pytorchDefaultWeight(shape, fanIn: fanIn, using: &rng)
    }
}
