import TensorCore

/// CPC's InfoNCE with negatives drawn from every sequence of the batch (the reference without
/// `--negatives-from-same-seq-only`).
extension CPCInfoNCE {
    /// For every (sample b, position i < T − steps, negative k) a token row b'·T + j of the
    /// flattened batch, drawn as the reference does: r uniform over B·(T − 1), b' = r / (T − 1),
    /// j = r mod (T − 1) moved past i + steps. So position i + steps is skipped in *every*
    /// sequence (the reference's simplification), and the sample's own sequence is a candidate too.
    public static func sampleNegativesAcrossSequences(batch: Int, length: Int, steps: Int, count: Int,
                                                      rng: inout SeededGenerator) -> [Int] {
        require(length > steps, "CPC: sequence of \(length) tokens is too short to predict \(steps) steps ahead")
        var out = [Int]()
        out.reserveCapacity(batch * (length - steps) * count)
        for _ in 0..<batch {
            for i in 0..<(length - steps) {
                for _ in 0..<count {
                    let r = rng.int(below: batch * (length - 1))
                    let j = r % (length - 1)
                    out.append((r / (length - 1)) * length + (j >= i + steps ? j + 1 : j))
                }
            }
        }
        return out
    }

    /// `loss` for negatives given as token rows of the flattened batch (from
    /// `sampleNegativesAcrossSequences`): the same dot-product logits, cross-entropy averaged over
    /// the batch and summed over positions; only the chosen scores are computed (`pairDot`).
    public static func lossAcrossSequences(encoded z: Variable, predictions p: Variable, steps: Int, negativeRows: [Int],
                                           negativesPerPosition n: Int) -> (loss: Variable, accuracy: Float) {
        require(z.value.rank == 3 && z.shape == p.shape,
                     "CPC InfoNCE: encoded \(z.shape) and predictions \(p.shape) must both be [B, T, F]")
        let (b, t, f) = (z.shape[0], z.shape[1], z.shape[2])
        let positions = t - steps
        require(positions > 0, "CPC InfoNCE: \(t) tokens cannot predict \(steps) steps ahead")
        require(n >= 1, "CPC InfoNCE: needs at least one negative per position, got \(n)")
        require(negativeRows.count == b * positions * n,
                     "CPC InfoNCE: expected \(b * positions * n) negative rows, got \(negativeRows.count)")
        var rowsP = [Int](), rowsZ = [Int]()
        rowsP.reserveCapacity(b * positions * (n + 1)); rowsZ.reserveCapacity(b * positions * (n + 1))
        for row in 0..<(b * positions) {
            let (bi, i) = (row / positions, row % positions)
            rowsP.append(contentsOf: repeatElement(bi * t + i, count: n + 1))
            rowsZ.append(bi * t + i + steps)
            rowsZ.append(contentsOf: negativeRows[(row * n)..<((row + 1) * n)])
        }
        let logits = reshape(pairDot(reshape(p, [b * t, f]), reshape(z, [b * t, f]), rowsA: rowsP, rowsB: rowsZ),
                             [b * positions, n + 1])
        let positive = gather(logSoftmax(logits, axis: 1), axis: 1, indices: [0])
        return (scale(sum(positive), -1 / Float(b)), accuracy(logits: logits.value, rows: b * positions, candidates: n + 1))
    }

    /// Fraction of rows whose largest logit is the positive (column 0).
    static func accuracy(logits: Tensor, rows: Int, candidates: Int) -> Float {
        var correct = 0
        logits.scalars.withUnsafeBufferPointer { l in
            for row in 0..<rows {
                let base = row * candidates
                var best = 0
                for k in 1..<candidates where l[base + k] > l[base + best] { best = k }
                if best == 0 { correct += 1 }
            }
        }
        return Float(correct) / Float(rows)
    }
}
