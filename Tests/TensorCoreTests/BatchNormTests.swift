import XCTest
import TensorCore
import TestSupport

final class BatchNormTests: XCTestCase {
    func makeBN(_ c: Int) -> (Variable, Variable, Variable, Variable) {
        (GradCheck.param([c], seed: 31), GradCheck.param([c], seed: 32),
         Variable(GradCheck.randomTensor([c], seed: 33, scale: 0.1)), Variable(TensorMath.map(GradCheck.randomTensor([c], seed: 34)) { abs($0) + 0.5 }))
    }

    func testGradientsTrainAndEval() {
        for shape in [[4, 3, 5], [6, 3]] {
            for training in [true, false] {
                let (w, b, rm, rv) = makeBN(3)
                let x = GradCheck.param(shape, seed: 30)
                let r = GradCheck.check([x, w, b]) { v in
                    batchNorm1d(v[0], weight: v[1], bias: v[2], runningMean: rm, runningVar: rv, training: training)
                }
                XCTAssertLessThan(r.maxError, 1e-2, "shape \(shape) training \(training): \(r)")
            }
        }
    }

    func testMatchesPyTorchIncludingRunningStatistics() throws {
        let x = GradCheck.randomTensor([4, 3, 7], seed: 1, scale: 2) + 0.5
        let gy = GradCheck.randomTensor([4, 3, 7], seed: 2)
        let (w, b, rm, rv) = makeBN(3)
        let t = try TorchOracle.run("""
        bn = torch.nn.BatchNorm1d(3, momentum=0.1, eps=1e-5)
        with torch.no_grad():
            bn.weight.copy_(T("w")); bn.bias.copy_(T("b")); bn.running_mean.copy_(T("rm")); bn.running_var.copy_(T("rv"))
        x = T("x", True)
        y = bn(x); y.backward(T("gy"))
        out["y"] = y; out["dx"] = x.grad; out["dw"] = bn.weight.grad; out["db"] = bn.bias.grad
        out["rm"] = bn.running_mean; out["rv"] = bn.running_var
        bn.eval(); out["yeval"] = bn(T("x"))
        """, inputs: ["x": x, "gy": gy, "w": w.value, "b": b.value, "rm": rm.value, "rv": rv.value])
        let xv = Variable(x, requiresGrad: true)
        let y = batchNorm1d(xv, weight: w, bias: b, runningMean: rm, runningVar: rv, training: true)
        y.backward(seed: gy)
        assertClose(y.value.scalars, t["y"]!, accuracy: 1e-4, "train y")
        assertClose(xv.grad!.scalars, t["dx"]!, accuracy: 1e-4, "dx")
        assertClose(w.grad!.scalars, t["dw"]!, accuracy: 1e-4, "dweight")
        assertClose(b.grad!.scalars, t["db"]!, accuracy: 1e-4, "dbias")
        assertClose(rm.value.scalars, t["rm"]!, accuracy: 1e-5, "running mean")
        assertClose(rv.value.scalars, t["rv"]!, accuracy: 1e-5, "running var (unbiased update)")
        let ye = withoutGrad { batchNorm1d(Variable(x), weight: w, bias: b, runningMean: rm, runningVar: rv, training: false) }
        assertClose(ye.value.scalars, t["yeval"]!, accuracy: 1e-4, "eval y")
    }


    func testStatisticsStayAccurateForLargeOffsets() {
        // Values 1000 + N(0, 0.01²): a plain E[x²] − E[x]² in Float would lose the variance.
        let x = GradCheck.randomTensor([8, 2, 50], seed: 7, scale: 0.01) + 1000
        var m = [0.0, 0.0], v = [0.0, 0.0]
        for b in 0..<8 { for c in 0..<2 { for t in 0..<50 { m[c] += Double(x.scalars[(b * 2 + c) * 50 + t]) / 400 } } }
        for b in 0..<8 { for c in 0..<2 { for t in 0..<50 { let d = Double(x.scalars[(b * 2 + c) * 50 + t]) - m[c]; v[c] += d * d / 400 } } }
        let rm = Variable(Tensor.zeros([2])), rv = Variable(Tensor.ones([2]))
        _ = batchNorm1d(Variable(x), weight: Variable(Tensor.ones([2])), bias: Variable(Tensor.zeros([2])),
                        runningMean: rm, runningVar: rv, training: true, momentum: 1)
        for c in 0..<2 {
            XCTAssertEqual(Double(rm.value.scalars[c]), m[c], accuracy: 1e-4)
            XCTAssertEqual(Double(rv.value.scalars[c]), v[c] * 400 / 399, accuracy: 1e-6)
        }
    }
}
