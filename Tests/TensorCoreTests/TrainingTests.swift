import XCTest
import Foundation
import TensorCore
import TestSupport

final class TrainingTests: XCTestCase {
    /// XOR-like quadrants with a margin: not linearly separable, easy for a small MLP.
    func quadrants(_ n: Int, seed: UInt64) -> (Tensor, [Int]) {
        var g = SeededGenerator(seed: seed)
        var xs: [Float] = [], ys: [Int] = []
        while ys.count < n {
            let a = Float(g.uniform(-1, 1)), b = Float(g.uniform(-1, 1))
            guard abs(a) > 0.1 && abs(b) > 0.1 else { continue }
            xs += [a, b]; ys.append(a * b > 0 ? 1 : 0)
        }
        return (Tensor(shape: [n, 2], scalars: xs), ys)
    }

    func accuracy(_ logits: Tensor, _ y: [Int]) -> Double {
        let c = logits.shape[1]
        var right = 0
        for i in y.indices {
            let row = Array(logits.scalars[(i * c)..<((i + 1) * c)])
            if row.firstIndex(of: row.max()!) == y[i] { right += 1 }
        }
        return Double(right) / Double(y.count)
    }

    func testTinyMLPLearnsQuadrants() {
        var g = SeededGenerator(seed: 1)
        let w1 = Variable(Tensor.pytorchDefaultWeight([32, 2], fanIn: 2, using: &g), requiresGrad: true)
        let b1 = Variable(Tensor.zeros([32]), requiresGrad: true)
        let w2 = Variable(Tensor.pytorchDefaultWeight([2, 32], fanIn: 32, using: &g), requiresGrad: true)
        let b2 = Variable(Tensor.zeros([2]), requiresGrad: true)
        let (x, y) = quadrants(200, seed: 2)
        let opt = Adam([ParameterGroup([w1, b1, w2, b2], lr: 0.03)])
        func forward() -> Variable { linear(relu(linear(Variable(x), w1, b1)), w2, b2) }
        for _ in 0..<300 {
            opt.zeroGrad()
            crossEntropy(forward(), targets: y).backward()
            opt.step()
        }
        XCTAssertGreaterThanOrEqual(accuracy(withoutGrad { forward() }.value, y), 0.99)
    }

    /// Noisy sequences with one bump at a random place: narrow (class 0) or wide (class 1).
    func bumps(_ n: Int, length: Int, seed: UInt64) -> (Tensor, [Int]) {
        var g = SeededGenerator(seed: seed)
        var xs: [Float] = [], ys: [Int] = []
        for i in 0..<n {
            let cls = i % 2
            let center = g.int(4...(length - 5)), width: Float = cls == 0 ? 0.7 : 3
            for t in 0..<length {
                let d = Float(t - center) / width
                xs.append(2 * Foundation.exp(-d * d / 2) + Float(g.normal()) * 0.2)
            }
            ys.append(cls)
        }
        return (Tensor(shape: [n, 1, length], scalars: xs), ys)
    }

    struct ConvNet {
        var w1, b1, g1, be1, w2, b2: Variable
        var rm1 = Variable(Tensor.zeros([8])), rv1 = Variable(Tensor.ones([8]))
        init(seed: UInt64) {
            var g = SeededGenerator(seed: seed)
            w1 = Variable(Tensor.kaimingNormal([8, 1, 5], fanIn: 5, using: &g), requiresGrad: true)
            b1 = Variable(Tensor.zeros([8]), requiresGrad: true)
            g1 = Variable(Tensor.ones([8]), requiresGrad: true)
            be1 = Variable(Tensor.zeros([8]), requiresGrad: true)
            w2 = Variable(Tensor.pytorchDefaultWeight([2, 16], fanIn: 16, using: &g), requiresGrad: true)
            b2 = Variable(Tensor.zeros([2]), requiresGrad: true)
        }
        var parameters: [Variable] { [w1, b1, g1, be1, w2, b2] }
        func callAsFunction(_ x: Tensor, training: Bool, rng: inout SeededGenerator) -> Variable {
            var h = conv1d(Variable(x), w1, bias: b1, stride: 2, padding: 2)
            h = relu(batchNorm1d(h, weight: g1, bias: be1, runningMean: rm1, runningVar: rv1, training: training))
            h = maxPool1d(h, kernel: 3, stride: 2, padding: 1)
            h = dropout(adaptiveConcatPool1d(h), p: 0.1, training: training, rng: &rng)
            return linear(h, w2, b2)
        }
    }

    func trainConvNet(seed: UInt64, steps: Int) -> (ConvNet, Tensor, [Int]) {
        let net = ConvNet(seed: seed)
        let (x, y) = bumps(64, length: 32, seed: seed + 1)
        var rng = SeededGenerator(seed: seed + 2)
        let opt = AdamW([ParameterGroup(net.parameters, lr: 0.02, weightDecay: 1e-3)])
        for step in 0..<steps {
            opt.setLearningRateFactor(WarmupCosineSchedule(warmupSteps: 5, totalSteps: steps).factor(step: step))
            opt.zeroGrad()
            crossEntropy(net(x, training: true, rng: &rng), targets: y).backward()
            opt.step()
        }
        return (net, x, y)
    }

    func testTinyConvNetLearnsBumpWidth() {
        let (net, x, y) = trainConvNet(seed: 10, steps: 150)
        var rng = SeededGenerator(seed: 0)
        let logits = withoutGrad { net(x, training: false, rng: &rng) }.value
        XCTAssertGreaterThanOrEqual(accuracy(logits, y), 0.98)
    }

    func testSameSeedGivesBitwiseIdenticalTraining() {
        let a = trainConvNet(seed: 20, steps: 15).0, b = trainConvNet(seed: 20, steps: 15).0
        for (p, q) in zip(a.parameters + [a.rm1, a.rv1], b.parameters + [b.rm1, b.rv1]) { XCTAssertEqual(p.value, q.value) }
        let c = trainConvNet(seed: 21, steps: 15).0
        XCTAssertNotEqual(a.w1.value, c.w1.value)
    }
}
