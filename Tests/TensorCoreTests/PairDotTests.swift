import XCTest
import TensorCore
import TestSupport

final class PairDotTests: XCTestCase {
    let rowsA = [0, 2, 2, 1, 0, 3], rowsB = [4, 0, 4, 1, 1, 2]

    func testValuesAreRowDotProducts() {
        let a = Variable(GradCheck.randomTensor([4, 3], seed: 1)), b = Variable(GradCheck.randomTensor([5, 3], seed: 2))
        let out = pairDot(a, b, rowsA: rowsA, rowsB: rowsB).value.scalars
        for k in rowsA.indices {
            let want = (0..<3).reduce(Float(0)) { $0 + a.value.scalars[rowsA[k] * 3 + $1] * b.value.scalars[rowsB[k] * 3 + $1] }
            XCTAssertEqual(out[k], want, accuracy: 1e-6)
        }
    }

    func testGradientsWithRepeatedRows() {
        let a = GradCheck.param([4, 3], seed: 3), b = GradCheck.param([5, 3], seed: 4)
        let r = GradCheck.check([a, b]) { v in pairDot(v[0], v[1], rowsA: rowsA, rowsB: rowsB) }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }

    func testMatchesPyTorch() throws {
        let a = GradCheck.randomTensor([4, 3], seed: 5), b = GradCheck.randomTensor([5, 3], seed: 6)
        let seed = GradCheck.randomTensor([rowsA.count], seed: 7)
        let idx = Tensor(shape: [2, rowsA.count], scalars: (rowsA + rowsB).map(Float.init))
        let t = try TorchOracle.run("""
        a = T("a", grad=True); b = T("b", grad=True); i = T("idx").long()
        y = (a[i[0]] * b[i[1]]).sum(dim=1)
        (y * T("R")).sum().backward()
        out["y"] = y; out["da"] = a.grad; out["db"] = b.grad
        """, inputs: ["a": a, "b": b, "idx": idx, "R": seed])
        let (va, vb) = (Variable(a, requiresGrad: true), Variable(b, requiresGrad: true))
        let y = pairDot(va, vb, rowsA: rowsA, rowsB: rowsB)
        y.backward(seed: seed)
        assertClose(y.value.scalars, t["y"]!, accuracy: 1e-6, "values")
        assertClose(va.grad!.scalars, t["da"]!, accuracy: 1e-6, "da")
        assertClose(vb.grad!.scalars, t["db"]!, accuracy: 1e-6, "db")
    }
}
