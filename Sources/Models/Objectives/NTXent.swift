import TensorCore

/// The standard NT-Xent loss (SimCLR; the reference's e¹ self-similarity bug fixed, see
/// docs/method.md §4.5): for z = [z1; z2] (rows already L2-normalised), each row's positive
/// is its other view; the denominator runs over every other row, never the row itself.
///
/// loss = −1/2N Σ_i log( exp(z_i·z_p(i)/τ) / Σ_{k≠i} exp(z_i·z_k/τ) )
public func ntXentLoss(_ z1: Variable, _ z2: Variable, temperature: Float) -> Variable {
    require(z1.value.rank == 2 && z1.shape == z2.shape, "NT-Xent: views must be equal [N, D], got \(z1.shape) and \(z2.shape)")
    let n = z1.shape[0]
    let z = concat([z1, z2], axis: 0)
    let sim = scale(matmul(z, transpose(z, 0, 1)), 1 / temperature)
    // A large negative on the diagonal removes each row's self-similarity from its softmax.
    var mask = Tensor.zeros([2 * n, 2 * n])
    for i in 0..<(2 * n) { mask.scalars[i * 2 * n + i] = -1e9 }
    let logp = logSoftmax(sim + Variable(mask), axis: 1)
    let positives = (0..<(2 * n)).map { i in i * 2 * n + (i + n) % (2 * n) }
    return scale(sum(gather(reshape(logp, [4 * n * n]), axis: 0, indices: positives)), -1 / Float(2 * n))
}
