import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// Each objective's loss against values computed independently, and its gradient check.
final class LossTests: XCTestCase {
    private func rows(_ t: Tensor) -> [[Double]] {
        let d = t.shape[1]
        return (0..<t.shape[0]).map { r in (0..<d).map { Double(t.scalars[r * d + $0]) } }
    }

    func testNTXentEqualsHandComputedValue() {
        // Two pairs of unit vectors at τ = 0.5; loss_i = −log(e^{s_pos/τ} / Σ_{k≠i} e^{s_ik/τ}), averaged over 4 rows.
        let z1 = Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
        let z2 = Tensor(shape: [2, 2], scalars: [0.6, 0.8, 0.8, 0.6])
        let z = rows(z1) + rows(z2)
        var expected = 0.0
        for i in 0..<4 {
            let s = (0..<4).map { k in zip(z[i], z[k]).map(*).reduce(0, +) / 0.5 }
            let denominator = (0..<4).filter { $0 != i }.map { exp(s[$0]) }.reduce(0, +)
            expected += -log(exp(s[(i + 2) % 4]) / denominator) / 4
        }
        // By hand: the z1 rows see s/τ = {0, 1.2, 1.6} with positive 1.2; the z2 rows (z2a·z2b = 0.96) see
        // {1.2, 1.6, 1.92} with positive 1.2. Loss = (−log(e^1.2/(1+e^1.2+e^1.6)) − log(e^1.2/(e^1.2+e^1.6+e^1.92)))/2.
        let closedForm = (-log(exp(1.2) / (1 + exp(1.2) + exp(1.6))) - log(exp(1.2) / (exp(1.2) + exp(1.6) + exp(1.92)))) / 2
        XCTAssertEqual(closedForm, 1.270714, accuracy: 1e-6)
        XCTAssertEqual(expected, closedForm, accuracy: 1e-6)
        let loss = ntXentLoss(Variable(z1), Variable(z2), temperature: 0.5)
        XCTAssertEqual(Double(loss.value.scalar), closedForm, accuracy: 1e-6)
    }

    func testNTXentGradientCheck() {
        let a = GradCheck.param([3, 4], seed: 1), b = GradCheck.param([3, 4], seed: 2)
        let result = GradCheck.check([a, b]) { v in
            ntXentLoss(l2Normalize(v[0], axis: 1), l2Normalize(v[1], axis: 1), temperature: 0.5)
        }
        XCTAssertLessThan(result.maxError, 1e-2, "\(result)")
    }

    func testBYOLLossEqualsHandComputedValue() {
        // cos((1,0),(2,0)) = 1 and cos((1,1),(0,3)) = 1/√2: −2 · (1 + 0.70711)/2 = −1.70711.
        let p = Variable(Tensor(shape: [2, 2], scalars: [1, 0, 1, 1]))
        let z = Variable(Tensor(shape: [2, 2], scalars: [2, 0, 0, 3]))
        XCTAssertEqual(byolLoss(p, z).value.scalar, -(1 + 1 / Float(2).squareRoot()), accuracy: 1e-6)
    }

    func testBYOLLossGradientCheck() {
        let p = GradCheck.param([3, 5], seed: 3), z = GradCheck.param([3, 5], seed: 4)
        let result = GradCheck.check([p, z]) { byolLoss($0[0], $0[1]) }
        XCTAssertLessThan(result.maxError, 1e-2, "\(result)")
    }

    func testCPCInfoNCEEqualsDirectSum() {
        // B 2, T 5, F 3, 2 steps ahead, 2 negatives: loss = (1/B) Σ_{b,i} −log softmax(⟨p_bi, c⟩)[positive].
        let z = GradCheck.randomTensor([2, 5, 3], seed: 5), p = GradCheck.randomTensor([2, 5, 3], seed: 6)
        var rng = SeededGenerator(seed: 7)
        let negatives = CPCInfoNCE.sampleNegatives(batch: 2, length: 5, steps: 2, count: 2, rng: &rng)
        var expected = 0.0
        var correct = 0
        for b in 0..<2 {
            for i in 0..<3 {
                func dot(_ t: Int) -> Double { (0..<3).map { Double(p.scalars[(b * 5 + i) * 3 + $0]) * Double(z.scalars[(b * 5 + t) * 3 + $0]) }.reduce(0, +) }
                let candidates = [i + 2] + (0..<2).map { negatives[(b * 3 + i) * 2 + $0] }
                XCTAssertFalse(candidates.dropFirst().contains(i + 2), "a negative equals the positive")
                let logits = candidates.map(dot)
                expected -= logits[0] - log(logits.map(exp).reduce(0, +))
                if logits.dropFirst().allSatisfy({ $0 < logits[0] }) { correct += 1 }
            }
        }
        expected /= 2
        let (loss, accuracy) = CPCInfoNCE.loss(encoded: Variable(z), predictions: Variable(p), steps: 2, negatives: negatives,
                                               negativesPerPosition: 2)
        XCTAssertEqual(Double(loss.value.scalar), expected, accuracy: 1e-5)
        XCTAssertEqual(accuracy, Float(correct) / 6)
    }

    func testCPCNegativesCoverEveryOtherPositionUniformly() {
        var rng = SeededGenerator(seed: 8)
        let idx = CPCInfoNCE.sampleNegatives(batch: 1, length: 6, steps: 2, count: 5000, rng: &rng)
        // Position i = 0: positive 2 never drawn; the other five positions about 1000 times each.
        let first = idx.prefix(5000)
        XCTAssertFalse(first.contains(2))
        for pos in [0, 1, 3, 4, 5] { XCTAssertEqual(Double(first.filter { $0 == pos }.count), 1000, accuracy: 150) }
    }

    func testCPCInfoNCEGradientCheck() {
        let z = GradCheck.param([2, 6, 3], seed: 9), p = GradCheck.param([2, 6, 3], seed: 10)
        var rng = SeededGenerator(seed: 11)
        let negatives = CPCInfoNCE.sampleNegatives(batch: 2, length: 6, steps: 3, count: 4, rng: &rng)
        let result = GradCheck.check([z, p]) {
            CPCInfoNCE.loss(encoded: $0[0], predictions: $0[1], steps: 3, negatives: negatives, negativesPerPosition: 4).loss
        }
        XCTAssertLessThan(result.maxError, 1e-2, "\(result)")
    }

    /// The reference's Sinkhorn and SwAV loss written with numpy (its torch code, line for line).
    private let swavNumpy = """
    import sys, json, numpy as np
    a = json.loads(sys.argv[1])
    scores = np.array(a["scores"], dtype=np.float64); V, eps, T = a["views"], a["eps"], a["temp"]
    queued = [np.array(q, dtype=np.float64).reshape(-1, scores.shape[1]) for q in a["queued"]]
    B = scores.shape[0] // V
    def sinkhorn(Q, iters):
        Q = Q / Q.sum(); K, N = Q.shape
        r = np.ones(K) / K; c = np.ones(N) / N
        for _ in range(iters):
            u = Q.sum(axis=1); Q = Q * (r / u)[:, None]
            Q = Q * (c / Q.sum(axis=0))[None, :]
        return (Q / Q.sum(axis=0, keepdims=True)).T
    def log_softmax(x):
        m = x.max(axis=1, keepdims=True); return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))
    loss = 0.0; assignments = []
    for i, crop in enumerate([0, 1]):
        out = scores[B * crop:B * (crop + 1)]
        if len(queued[i]): out = np.concatenate([queued[i], out])
        q = sinkhorn(np.exp(out / eps).T, 3)[-B:]
        assignments.append(q.reshape(-1).tolist())
        sub = 0.0
        for v in np.delete(np.arange(V), crop):
            p = log_softmax(scores[B * v:B * (v + 1)] / T)
            sub -= np.mean(np.sum(q * p, axis=1))
        loss += sub / V
    print(json.dumps({"loss": loss / 2, "q": assignments}))
    """

    func testSwAVLossAndSinkhornEqualTheReferenceFormulas() throws {
        // 3 views × batch 2 over 5 prototypes; scores in [−1, 1] like cosine scores; a queue for view 1.
        var rng = SeededGenerator(seed: 12)
        let scores = Tensor(shape: [6, 5], scalars: (0..<30).map { _ in Float(rng.uniform(-1, 1)) })
        let queued1 = Tensor(shape: [4, 5], scalars: (0..<20).map { _ in Float(rng.uniform(-1, 1)) })
        let args: [String: Any] = ["scores": rows(scores), "views": 3, "eps": 0.05, "temp": 0.1,
                                   "queued": [[Double](), queued1.scalars.map(Double.init)]]
        let out = try PythonOracle.run(swavNumpy, arguments: [String(decoding: try JSONSerialization.data(withJSONObject: args), as: UTF8.self)])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let loss = swavLoss(scores: Variable(scores), viewCount: 3, queuedScores: [nil, queued1], temperature: 0.1,
                            epsilon: 0.05, sinkhornIterations: 3)
        XCTAssertEqual(Double(loss.value.scalar), json["loss"] as! Double, accuracy: 1e-4)

        let q0 = Sinkhorn.assignments(TensorMath.sliceAxis(scores, axis: 0, range: 0..<2), epsilon: 0.05, iterations: 3)
        let reference = (json["q"] as! [[Double]])[0]
        for (a, b) in zip(q0.scalars, reference) { XCTAssertEqual(Double(a), b, accuracy: 1e-5) }
        for r in 0..<2 { XCTAssertEqual(q0.scalars[(r * 5)..<(r * 5 + 5)].reduce(0, +), 1, accuracy: 1e-5) }
    }

    func testSinkhornHandComputedTwoByTwo() {
        // Scores 0 except row 0 / prototype 0 at ε·ln 3: Q ∝ [[3, 1], [1, 1]]. One iteration:
        // rows→1/K: prototype masses 4, 2 → [[3/8, 1/4], [1/8, 1/4]]; columns→1/N: [[0.6, 0.4], [1/3, 2/3]] / 2.
        // Final column normalisation makes each sample's row sum to 1: [[0.6, 0.4], [1/3, 2/3]].
        let eps = 0.05
        let s = Tensor(shape: [2, 2], scalars: [Float(eps * log(3.0)), 0, 0, 0])
        let q = Sinkhorn.assignments(s, epsilon: eps, iterations: 1)
        for (a, b) in zip(q.scalars, [0.6, 0.4, 1.0 / 3, 2.0 / 3]) { XCTAssertEqual(Double(a), b, accuracy: 1e-5) }
    }

    func testSwAVLossGradientCheck() {
        // The assignments are detached, so finite differences are taken only on the rows of view 2,
        // which never feed Sinkhorn; views 0 and 1 are held constant.
        let assigned = Variable(GradCheck.randomTensor([4, 4], seed: 13, scale: 0.5))
        let predicting = GradCheck.param([2, 4], seed: 14, scale: 0.5)
        let result = GradCheck.check([assigned, predicting], eps: 1e-3) { v in
            swavLoss(scores: concat([v[0], v[1]], axis: 0), viewCount: 3, temperature: 0.1, epsilon: 0.05, sinkhornIterations: 3)
        }
        XCTAssertLessThan(result.maxError, 1e-2, "\(result)")
    }
}
