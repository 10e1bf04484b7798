import XCTest
import TensorCore

final class OptimizerTests: XCTestCase {
    /// Two steps on p = [1, −0.5] with gradients [2, 0.1] then [−1, 0.3].
    func twoSteps(_ make: ([ParameterGroup]) -> Optimizer, weightDecay: Float) -> [[Float]] {
        let p = Variable(Tensor(shape: [2], scalars: [1, -0.5]), requiresGrad: true)
        let opt = make([ParameterGroup([p], lr: 0.1, weightDecay: weightDecay)])
        var out: [[Float]] = []
        for g in [[Float(2), 0.1], [-1, 0.3]] {
            p.grad = Tensor(shape: [2], scalars: g)
            opt.step()
            out.append(p.value.scalars)
        }
        return out
    }

    func assertRows(_ a: [[Float]], _ b: [[Float]], _ what: String) {
        for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { XCTAssertEqual(u, v, accuracy: 1e-6, what) } }
    }

    func testSGDMomentumKnownValues() {
        // d = g + 0.1·p: step 1 buf = d = [2.1, 0.05], p = [0.79, −0.505];
        // step 2 d = [−0.921, 0.2495], buf = 0.9·buf + d = [0.969, 0.2945], p = [0.6931, −0.53445].
        assertRows(twoSteps({ SGD($0, momentum: 0.9) }, weightDecay: 0.1), [[0.79, -0.505], [0.6931, -0.53445]], "SGD")
    }

    func testAdamKnownValues() {
        // Step 1 moves each coordinate by lr against the sign of g + wd·p: [0.9, −0.4].
        // Step 2 (g + 0.5·p = [−0.55, 0.1]): values as PyTorch 2.x computes them.
        assertRows(twoSteps({ Adam($0) }, weightDecay: 0.5), [[0.9, -0.4], [0.8505569, -0.38554797]], "Adam")
    }

    func testAdamWKnownValues() {
        // Step 1: p·(1 − 0.1·0.5) = [0.95, −0.475], then −lr·sign(g): [0.85, −0.575].
        assertRows(twoSteps({ AdamW($0) }, weightDecay: 0.5), [[0.85, -0.575], [0.7808663, -0.63802809]], "AdamW")
    }

    func testGroupsKeepTheirOwnLearningRatesAndSkipMissingGradients() {
        let a = Variable(Tensor(shape: [1], scalars: [1]), requiresGrad: true)
        let b = Variable(Tensor(shape: [1], scalars: [1]), requiresGrad: true)
        let c = Variable(Tensor(shape: [1], scalars: [1]), requiresGrad: true)
        let opt = SGD([ParameterGroup([a], lr: 0.1), ParameterGroup([b, c], lr: 0.01)])
        a.grad = Tensor(shape: [1], scalars: [1]); b.grad = Tensor(shape: [1], scalars: [1])
        opt.step()
        XCTAssertEqual(a.value.scalars, [0.9]); XCTAssertEqual(b.value.scalars, [0.99]); XCTAssertEqual(c.value.scalars, [1])
        opt.setLearningRateFactor(0.5)
        XCTAssertEqual(opt.groups.map(\.lr), [0.05, 0.005])
        opt.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testStateRoundTripResumesExactly() throws {
        func make() -> (Variable, Adam) {
            let p = Variable(Tensor(shape: [3], scalars: [1, 2, 3]), requiresGrad: true)
            return (p, AdamW([ParameterGroup([p], lr: 0.01, weightDecay: 0.1)]))
        }
        let grads = (0..<4).map { i in Tensor(shape: [3], scalars: [Float(i), -1, 0.5]) }
        let (p, opt) = make()
        for g in grads { p.grad = g; opt.step() }
        let (q, opt2) = make()
        for g in grads.prefix(2) { q.grad = g; opt2.step() }
        let (r, opt3) = make()
        r.value = q.value
        try opt3.loadState(opt2.stateTensors(), stepCount: opt2.stepCount)
        for g in grads.suffix(2) { r.grad = g; opt3.step() }
        XCTAssertEqual(r.value, p.value)
        XCTAssertEqual(opt3.stepCount, 4)
        XCTAssertThrowsError(try opt3.loadState(["group0.param0.exp_avg": Tensor.zeros([2])], stepCount: 0))
        XCTAssertThrowsError(try opt3.loadState(["group1.param0.exp_avg": Tensor.zeros([3])], stepCount: 0))
    }

    func testSchedules() {
        XCTAssertEqual(ConstantSchedule().factor(step: 123), 1)
        let s = WarmupCosineSchedule(warmupSteps: 5, totalSteps: 15)
        XCTAssertEqual(s.factor(step: 0), 0)
        XCTAssertEqual(s.factor(step: 2), 0.5)
        XCTAssertEqual(s.factor(step: 4), 1)
        XCTAssertEqual(s.factor(step: 5), 1)
        XCTAssertEqual(s.factor(step: 10), 0.5, accuracy: 1e-12)
        XCTAssertEqual(s.factor(step: 15), 0, accuracy: 1e-12)
    }
}
