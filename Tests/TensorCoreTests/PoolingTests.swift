import XCTest
import TensorCore
import TestSupport

final class PoolingTests: XCTestCase {
    /// Distinct values (no ties) so finite differences are valid for max pooling.
    func distinct(_ shape: [Int], seed: UInt64) -> Variable {
        let n = shape.reduce(1, *)
        var g = SeededGenerator(seed: seed)
        let perm = g.permutation(n)
        return Variable(Tensor(shape: shape, scalars: perm.map { Float($0) * 0.37 - Float(n) * 0.1 }), requiresGrad: true)
    }

    func testGradientsOddLengths() {
        for t in [7, 8, 9] {
            let x = distinct([2, 3, t], seed: UInt64(t))
            let m = GradCheck.check([x]) { maxPool1d($0[0], kernel: 3, stride: 2, padding: 1) }
            XCTAssertLessThan(m.maxError, 1e-2, "maxPool T=\(t): \(m)")
            let a = GradCheck.check([x]) { avgPool1d($0[0], kernel: 2, stride: 2, ceilMode: true) }
            XCTAssertLessThan(a.maxError, 1e-2, "avgPool ceil T=\(t): \(a)")
            let c = GradCheck.check([x]) { adaptiveConcatPool1d($0[0]) }
            XCTAssertLessThan(c.maxError, 1e-2, "adaptiveConcatPool T=\(t): \(c)")
        }
    }

    func testTiesSendTheGradientToTheFirstMaximum() {
        let x = Variable(Tensor(shape: [1, 1, 5], scalars: [1, 3, 3, 3, 0]), requiresGrad: true)
        let y = maxPool1d(x, kernel: 3, stride: 2, padding: 1)
        XCTAssertEqual(y.value.scalars, [3, 3, 3])
        sum(y).backward()
        XCTAssertEqual(x.grad?.scalars, [0, 2, 0, 1, 0])
        let z = Variable(Tensor(shape: [1, 1, 3], scalars: [2, 2, 1]), requiresGrad: true)
        sum(adaptiveConcatPool1d(z)).backward()
        XCTAssertEqual(z.grad!.scalars[0], 1 + 1 / 3, accuracy: 1e-6)
        XCTAssertEqual(z.grad!.scalars[1], 1 / 3, accuracy: 1e-6)
    }

    func testAdaptiveConcatPoolIsMaxThenMean() {
        let x = Variable(Tensor(shape: [1, 2, 3], scalars: [1, 5, 3, -1, -2, -6]))
        XCTAssertEqual(adaptiveConcatPool1d(x).value, Tensor(shape: [1, 4], scalars: [5, -1, 3, -3]))
    }

    func testForwardAndGradientsMatchPyTorch() throws {
        let x = Tensor(shape: [2, 3, 9], scalars: (0..<54).map { Float(($0 * 7) % 5) - 2 })  // many ties
        let gm = GradCheck.randomTensor([2, 3, 5], seed: 1), ga = GradCheck.randomTensor([2, 3, 5], seed: 2)
        let t = try TorchOracle.run("""
        x = T("x", True)
        m = torch.nn.functional.max_pool1d(x, 3, 2, 1)
        m.backward(T("gm")); out["m"] = m; out["dm"] = x.grad.clone(); x.grad = None
        a = torch.nn.functional.avg_pool1d(x, 2, 2, ceil_mode=True)
        a.backward(T("ga")); out["a"] = a; out["da"] = x.grad
        x8 = x.detach()[..., :8]
        out["a3"] = torch.nn.functional.avg_pool1d(x8, 3, 2, 1, ceil_mode=True)
        out["a3floor"] = torch.nn.functional.avg_pool1d(x8, 3, 2, 1)
        """, inputs: ["x": x, "gm": gm, "ga": ga])
        let xv = Variable(x, requiresGrad: true)
        let m = maxPool1d(xv, kernel: 3, stride: 2, padding: 1)
        m.backward(seed: gm)
        assertClose(m.value.scalars, t["m"]!, accuracy: 1e-6, "maxPool")
        assertClose(xv.grad!.scalars, t["dm"]!, accuracy: 1e-5, "maxPool grad with ties")
        xv.zeroGrad()
        let a = avgPool1d(xv, kernel: 2, stride: 2, ceilMode: true)
        XCTAssertEqual(a.shape, [2, 3, 5])
        a.backward(seed: ga)
        assertClose(a.value.scalars, t["a"]!, accuracy: 1e-6, "avgPool ceil")
        assertClose(xv.grad!.scalars, t["da"]!, accuracy: 1e-6, "avgPool ceil grad")
        // Padded windows count the padding (count_include_pad); at length 8 ceil mode adds a
        // window (5 outputs, the last over x[7] and the right pad) that floor mode drops (4).
        let x8 = slice(xv, axis: 2, range: 0..<8)
        let ceil3 = avgPool1d(x8, kernel: 3, stride: 2, padding: 1, ceilMode: true), floor3 = avgPool1d(x8, kernel: 3, stride: 2, padding: 1)
        XCTAssertEqual(ceil3.shape, [2, 3, 5]); XCTAssertEqual(floor3.shape, [2, 3, 4])
        assertClose(ceil3.value.scalars, t["a3"]!, accuracy: 1e-6, "avgPool k3 p1 ceil")
        assertClose(floor3.value.scalars, t["a3floor"]!, accuracy: 1e-6, "avgPool k3 p1")
    }
}
