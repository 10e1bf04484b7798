/// Inverted dropout: in training, zeroes each element with probability `p` (drawn from `rng`,
/// one uniform per element in row-major order) and scales survivors by 1/(1−p); identity
/// otherwise.
public func dropout(_ x: Variable, p: Float, training: Bool, rng: inout SeededGenerator) -> Variable {
    require(p >= 0 && p < 1, "dropout: p must be in [0, 1), got \(p)")
    guard training && p > 0 else { return x }
    let keep = 1 / (1 - p)
    let mask = Tensor(shape: x.shape, scalars: (0..<x.value.count).map { _ in rng.uniform() < Double(p) ? 0 : keep })
    return record("dropout", x.value * mask, [x]) { g, _ in [g * mask] }
}
