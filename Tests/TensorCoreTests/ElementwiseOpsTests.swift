import XCTest
import Foundation
import TensorCore
import TestSupport

final class ElementwiseOpsTests: XCTestCase {
    let tol = 1e-2

    func testUnaryOpsGradients() {
        // Values kept away from relu's kink so finite differences are valid.
        var x = GradCheck.randomTensor([3, 7], seed: 1)
        x = TensorMath.map(x) { abs($0) < 0.05 ? $0 + 0.2 : $0 }
        for (name, f) in [("relu", relu), ("sigmoid", sigmoid), ("tanh", tanh), ("exp", exp)] as [(String, (Variable) -> Variable)] {
            let r = GradCheck.check([Variable(x, requiresGrad: true)]) { f($0[0]) }
            XCTAssertLessThan(r.maxError, tol, "\(name): \(r)")
        }
        let pos = TensorMath.map(x) { abs($0) + 0.5 }
        for (name, f) in [("log", log), ("sqrt", sqrt)] as [(String, (Variable) -> Variable)] {
            let r = GradCheck.check([Variable(pos, requiresGrad: true)]) { f($0[0]) }
            XCTAssertLessThan(r.maxError, tol, "\(name): \(r)")
        }
        let inside = Tensor(shape: [6], scalars: [-2, -0.3, 0.1, 0.5, 1.2, 3])
        let c = GradCheck.check([Variable(inside, requiresGrad: true)]) { clamp($0[0], min: -0.5, max: 0.7) }
        XCTAssertLessThan(c.maxError, tol, "clamp: \(c)")
    }

    func testForwardValues() {
        let x = Variable(Tensor(shape: [4], scalars: [-2, 0, 1, 3]))
        XCTAssertEqual(relu(x).value.scalars, [0, 0, 1, 3])
        XCTAssertEqual(sigmoid(x).value.scalars[1], 0.5)
        let ext = sigmoid(Variable(Tensor(shape: [2], scalars: [-100, 100]))).value.scalars
        XCTAssertEqual(ext[0], 0, accuracy: 1e-30, "stable at extremes")
        XCTAssertEqual(ext[1], 1)
        XCTAssertEqual(tanh(x).value.scalars[3], Float(Foundation.tanh(3.0)), accuracy: 1e-6)
    }

    func testBroadcastingBinaryOpsGradients() {
        let shapes: [([Int], [Int])] = [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]), ([2, 1, 4], [1, 3, 1])]
        for (i, (sa, sb)) in shapes.enumerated() {
            let a = GradCheck.param(sa, seed: UInt64(10 + i)), b = GradCheck.param(sb, seed: UInt64(20 + i))
            b.value = TensorMath.map(b.value) { $0 >= 0 ? $0 + 0.5 : $0 - 0.5 }  // away from 0 for div
            for (name, f) in [("add", add), ("sub", sub), ("mul", mul), ("div", div)] as [(String, (Variable, Variable) -> Variable)] {
                let r = GradCheck.check([a, b]) { f($0[0], $0[1]) }
                XCTAssertLessThan(r.maxError, tol, "\(name) \(sa) \(sb): \(r)")
            }
        }
        let s = GradCheck.check([GradCheck.param([3, 2], seed: 5)]) { ($0[0] * 3 + 1) / 2 - 4 }
        XCTAssertLessThan(s.maxError, tol, "scalar ops: \(s)")
    }

    func testBroadcastForwardValues() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [2, 1], scalars: [10, 20])
        XCTAssertEqual((a + b).scalars, [11, 12, 13, 24, 25, 26])
        XCTAssertEqual((a * Tensor(shape: [3], scalars: [1, 0, -1])).scalars, [1, 0, -3, 4, 0, -6])
        XCTAssertEqual(TensorMath.sumToShape(a, [1, 3]).scalars, [5, 7, 9])
        XCTAssertEqual(TensorMath.sumToShape(a, [3]).scalars, [5, 7, 9])
        XCTAssertEqual(TensorMath.sumToShape(a, [2, 1]).scalars, [6, 15])
        XCTAssertEqual(TensorMath.broadcastTo(Tensor(shape: [2, 1], scalars: [1, 2]), [2, 3]).scalars, [1, 1, 1, 2, 2, 2])
        XCTAssertEqual(TensorMath.broadcastTo(Tensor(shape: [3], scalars: [1, 2, 3]), [2, 3]).scalars, [1, 2, 3, 1, 2, 3])
        // Non-contiguous reduced axes ([2,1,4,1] from [2,3,4,5]) take the general path.
        let big = Tensor(shape: [2, 3, 4, 5], scalars: (0..<120).map(Float.init))
        let s = TensorMath.sumToShape(big, [2, 1, 4, 1])
        var expected: Float = 0
        for c in 0..<3 { for t in 0..<5 { expected += Float(c * 20 + t) } }
        XCTAssertEqual(s.scalars[0], expected)
        XCTAssertEqual(TensorMath.sumToShape(big, [1, 3, 4, 1]).scalars.reduce(0, +), 7140)
    }

    /// The residual join's fused op must equal relu(a + b) bit for bit, the identity shortcut's
    /// case (one input feeding both operands' paths) included.
    func testAddReLUIsBitwiseReluOfSum() {
        let shape = [8, 16, 300]
        func run(fused: Bool) -> [[Float]] {
            let x = GradCheck.param(shape, seed: 50), w = GradCheck.param(shape, seed: 51)
            let branch = x * w
            let y = fused ? addReLU(branch, x) : relu(branch + x)
            y.backward(seed: GradCheck.randomTensor(shape, seed: 52))
            return [y.value.scalars, x.grad!.scalars, w.grad!.scalars]
        }
        let fused = run(fused: true), composite = run(fused: false)
        XCTAssertGreaterThan(fused[0].filter { $0 == 0 }.count, 0)
        for (i, name) in ["y", "dx", "dw"].enumerated() {
            XCTAssertEqual(fused[i].map(\.bitPattern), composite[i].map(\.bitPattern), name)
        }
    }

    func testGradientAccumulatesOverReuseAndBackwardCalls() {
        let x = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
        sum(x * x + x).backward()
        XCTAssertEqual(x.grad?.scalars, [3, 5])
        sum(x).backward()
        XCTAssertEqual(x.grad?.scalars, [4, 6], "gradients accumulate until zeroGrad")
        x.zeroGrad()
        XCTAssertNil(x.grad)
    }

    func testWithoutGradRecordsNothing() {
        let x = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
        let y = withoutGrad { x * x }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(y.isLeaf)
        XCTAssertTrue(GradMode.isEnabled)
        let z = x * x
        XCTAssertFalse(z.isLeaf)
    }
}
