import Foundation
import TensorCore

/// SwAV's Sinkhorn-Knopp equipartition of prototype scores (no gradient).
public enum Sinkhorn {
    /// Soft assignments [N, K] (rows sum to 1) for `scores` [N, K]: Q = exp(scores/ε)ᵀ normalised to
    /// total mass 1, then `iterations` × (rows to 1/K, columns to 1/N), then columns to 1, transposed.
    /// Computed in Double; subtracting the global maximum first only rescales Q, which the first
    /// normalisation removes, and keeps exp from overflowing.
    public static func assignments(_ scores: Tensor, epsilon: Double = 0.05, iterations: Int = 3) -> Tensor {
        require(scores.rank == 2, "Sinkhorn: scores must be [N, K], got \(scores.shape)")
        let (n, k) = (scores.shape[0], scores.shape[1])
        let top = Double(scores.scalars.max() ?? 0)
        var q = scores.scalars.map { exp((Double($0) - top) / epsilon) }  // row-major [N, K] = Qᵀ
        let total = q.reduce(0, +)
        for i in q.indices { q[i] /= total }
        for _ in 0..<iterations {
            var prototypeMass = [Double](repeating: 0, count: k)
            for r in 0..<n { for c in 0..<k { prototypeMass[c] += q[r * k + c] } }
            for r in 0..<n { for c in 0..<k { q[r * k + c] *= (1 / Double(k)) / prototypeMass[c] } }
            for r in 0..<n {
                var rowMass = 0.0
                for c in 0..<k { rowMass += q[r * k + c] }
                for c in 0..<k { q[r * k + c] *= (1 / Double(n)) / rowMass }
            }
        }
        var out = [Float](repeating: 0, count: n * k)
        for r in 0..<n {
            var rowMass = 0.0
            for c in 0..<k { rowMass += q[r * k + c] }
            for c in 0..<k { out[r * k + c] = Float(q[r * k + c] / rowMass) }
        }
        return Tensor(shape: [n, k], scalars: out)
    }
}
