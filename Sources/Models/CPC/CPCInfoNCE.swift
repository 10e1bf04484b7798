import TensorCore

/// CPC's InfoNCE loss and its negative sampling (docs/method.md §3.3, `--negatives-from-same-seq-only`).
public enum CPCInfoNCE {
    /// For every (sample b, position i < T − steps, negative k) a position of the same sequence other
    /// than the positive i + steps, uniform over the other T − 1 positions; flattened (b, i, k).
    public static func sampleNegatives(batch: Int, length: Int, steps: Int, count: Int,
                                       rng: inout SeededGenerator) -> [Int] {
        require(length > steps, "CPC: sequence of \(length) tokens is too short to predict \(steps) steps ahead")
        var out = [Int]()
        out.reserveCapacity(batch * (length - steps) * count)
        for _ in 0..<batch {
            for i in 0..<(length - steps) {
                for _ in 0..<count {
                    let r = rng.int(below: length - 1)
                    out.append(r >= i + steps ? r + 1 : r)
                }
            }
        }
        return out
    }

    /// Loss and accuracy of predicting `encoded[:, i + steps]` from `predictions[:, i]` among the
    /// positive and the given negatives: dot-product logits (positive first), cross-entropy
    /// averaged over the batch and summed over positions i, like the reference.
    ///
    /// - Parameters:
    ///   - encoded: z, [B, T, F].
    ///   - predictions: proj(context), [B, T, F].
    ///   - negatives: B · (T − steps) · n positions, from `sampleNegatives`.
    public static func loss(encoded z: Variable, predictions p: Variable, steps: Int, negatives: [Int],
                            negativesPerPosition n: Int) -> (loss: Variable, accuracy: Float) {
        require(z.value.rank == 3 && z.shape == p.shape,
                     "CPC InfoNCE: encoded \(z.shape) and predictions \(p.shape) must both be [B, T, F]")
        let (b, t) = (z.shape[0], z.shape[1])
        let positions = t - steps
        require(positions > 0, "CPC InfoNCE: \(t) tokens cannot predict \(steps) steps ahead")
        require(n >= 1, "CPC InfoNCE: needs at least one negative per position, got \(n)")
        require(negatives.count == b * positions * n,
                     "CPC InfoNCE: expected \(b * positions * n) negative indices, got \(negatives.count)")
        // All pairwise scores of each sequence, [B, positions, F] · [B, F, T], one GEMM per item.
        let scores = reshape(batchedMatmul(slice(p, axis: 1, range: 0..<positions), transpose(z, 1, 2)),
                             [b * positions * t])
        let picks = [Int](unsafeUninitializedCapacity: b * positions * (n + 1)) { buf, count in
            negatives.withUnsafeBufferPointer { neg in
                for row in 0..<(b * positions) {
                    let out = buf.baseAddress! + row * (n + 1), base = row * t
                    out[0] = base + row % positions + steps
                    for k in 0..<n { out[1 + k] = base + neg[row * n + k] }
                }
            }
            count = b * positions * (n + 1)
        }
        let logits = reshape(gather(scores, axis: 0, indices: picks), [b * positions, n + 1])
        let logp = logSoftmax(logits, axis: 1)
        let positive = gather(logp, axis: 1, indices: [0])
        let loss = scale(sum(positive), -1 / Float(b))

        var correct = 0
        logits.value.scalars.withUnsafeBufferPointer { l in
            for row in 0..<(b * positions) {
                let base = row * (n + 1)
                var best = 0
                for k in 1...n where l[base + k] > l[base + best] { best = k }
                if best == 0 { correct += 1 }
            }
        }
        return (loss, Float(correct) / Float(b * positions))
    }
}
