import XCTest
import TensorCore
import TestSupport

final class LossTests: XCTestCase {
    func testBCEWithLogitsKnownValuesAndStability() {
        // l = max(x,0) − x·y + log(1 + e^−|x|): ln 2; 2 + ln(1 + e^−2); 15 (at x = −30, y = ½).
        let x = Variable(Tensor(shape: [3], scalars: [0, 2, -30]), requiresGrad: true)
        let l = bceWithLogits(x, targets: Tensor(shape: [3], scalars: [1, 0, 0.5]))
        XCTAssertEqual(l.value.scalar, (0.693147 + 2.126928 + 15) / 3, accuracy: 1e-5)
        l.backward()
        // (σ(x) − y) / N
        XCTAssertEqual(x.grad!.scalars[0], -0.5 / 3, accuracy: 1e-6)
        XCTAssertEqual(x.grad!.scalars[1], 0.880797 / 3, accuracy: 1e-6)
        XCTAssertEqual(x.grad!.scalars[2], -0.5 / 3, accuracy: 1e-6)
        XCTAssertLessThan(GradCheck.check([GradCheck.param([3, 4], seed: 1)]) {
            bceWithLogits($0[0], targets: Tensor(shape: [3, 4], scalars: (0..<12).map { Float($0 % 3) / 2 }))
        }.maxError, 1e-2)
    }

    func testCrossEntropyKnownValues() {
        // −log softmax([1,2,3])[2] = log(1 + e^−1 + e^−2) = 0.4076059; for class 0 add 2.
        let x = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 1, 2, 3]), requiresGrad: true)
        let l = crossEntropy(x, targets: [2, 0])
        XCTAssertEqual(l.value.scalar, 1.4076059, accuracy: 1e-6)
        l.backward()
        // (softmax − onehot) / N; softmax([1,2,3]) = (0.0900306, 0.2447285, 0.6652410).
        let expected: [Float] = [0.0900306, 0.2447285, 0.6652410 - 1, 0.0900306 - 1, 0.2447285, 0.6652410].map { $0 / 2 }
        assertClose(x.grad!.scalars, expected, accuracy: 1e-6, "crossEntropy grad")
        XCTAssertLessThan(GradCheck.check([GradCheck.param([4, 5], seed: 2)]) { crossEntropy($0[0], targets: [0, 4, 2, 2]) }.maxError, 1e-2)
    }
}
