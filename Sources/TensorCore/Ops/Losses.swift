import Foundation

/// Mean over all elements of the binary cross-entropy between sigmoid(logits) and targets in
/// [0, 1], in the stable form max(x, 0) − x·y + log(1 + e^−|x|).
public func bceWithLogits(_ logits: Variable, targets: Tensor) -> Variable {
    require(logits.shape == targets.shape, "bceWithLogits: logits \(logits.shape) and targets \(targets.shape) differ")
    let x = logits.value, n = Float(max(x.count, 1))
    var total = 0.0
    for i in 0..<x.count {
        let v = x.scalars[i], y = targets.scalars[i]
        total += Double(max(v, 0) - v * y + Foundation.log1p(Foundation.exp(-abs(v))))
    }
    return record("bceWithLogits", Tensor(Float(total / Double(n))), [logits]) { g, _ in
        let s = g.scalar / n
        let p = TensorMath.mapVector(x, VectorMath.sigmoid)
        return [TensorMath.zip(p, targets, "bceWithLogits backward") { ($0 - $1) * s }]
    }
}

/// Mean cross-entropy of logits [N, C] against class indices (PyTorch's F.cross_entropy).
public func crossEntropy(_ logits: Variable, targets: [Int]) -> Variable {
    require(logits.value.rank == 2 && logits.shape[0] == targets.count,
                 "crossEntropy: logits \(logits.shape) must be [N, C] with N = \(targets.count) targets")
    let c = logits.shape[1]
    for t in targets { require(t >= 0 && t < c, "crossEntropy: target \(t) out of range for \(c) classes") }
    let lsm = logSoftmax(logits, axis: 1)
    let picked = gather(reshape(lsm, [-1]), axis: 0, indices: targets.enumerated().map { $0.offset * c + $0.element })
    return -mean(picked)
}
