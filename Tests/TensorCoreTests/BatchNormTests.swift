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

    /// The fused ReLU must not change a single bit: results cached before the fusion stay valid.
    func testFusedReLUIsBitwiseReluOfBatchNorm() {
        // The second shape spans several batch chunks.
        for shape in [[4, 3, 5], [6, 3], [40, 8, 400]] {
            for training in [true, false] {
                let c = shape[1]
                func run(fused: Bool) -> [[Float]] {
                    let (w, b, rm, rv) = makeBN(c)
                    let x = GradCheck.param(shape, seed: 40)
                    let y = fused
                        ? batchNorm1d(x, weight: w, bias: b, runningMean: rm, runningVar: rv, training: training, thenReLU: true)
                        : relu(batchNorm1d(x, weight: w, bias: b, runningMean: rm, runningVar: rv, training: training))
                    y.backward(seed: GradCheck.randomTensor(shape, seed: 41))
                    return [y.value.scalars, x.grad!.scalars, w.grad!.scalars, b.grad!.scalars, rm.value.scalars, rv.value.scalars]
                }
                let fused = run(fused: true), composite = run(fused: false)
                XCTAssertGreaterThan(fused[0].filter { $0 == 0 }.count, 0, "some outputs must hit the kink")
                for (i, name) in ["y", "dx", "dγ", "dβ", "running mean", "running var"].enumerated() {
                    XCTAssertEqual(fused[i].map(\.bitPattern), composite[i].map(\.bitPattern), "\(name), shape \(shape), training \(training)")
                }
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

    func testManyBatchChunksMatchADirectComputation() {
        // 64 × 4 × 600 values: the kernels split the batch into chunks with ordered partial sums.
        let (b, c, t) = (64, 4, 600)
        let x = GradCheck.randomTensor([b, c, t], seed: 11) + 0.3
        let gy = GradCheck.randomTensor([b, c, t], seed: 12)
        let w = Variable(Tensor(shape: [c], scalars: [1, 2, 0.5, -1]), requiresGrad: true)
        let bias = Variable(Tensor.zeros([c]), requiresGrad: true)
        let xv = Variable(x, requiresGrad: true)
        let y = batchNorm1d(xv, weight: w, bias: bias, runningMean: Variable(Tensor.zeros([c])),
                            runningVar: Variable(Tensor.ones([c])), training: true)
        y.backward(seed: gy)
        let n = Double(b * t)
        for ch in 0..<c {
            var m = 0.0, v = 0.0, sdy = 0.0, sdyx = 0.0
            for i in 0..<b { for j in 0..<t { m += Double(x.scalars[(i * c + ch) * t + j]) / n } }
            for i in 0..<b { for j in 0..<t { let d = Double(x.scalars[(i * c + ch) * t + j]) - m; v += d * d / n } }
            let inv = 1 / (v + 1e-5).squareRoot()
            for i in 0..<b { for j in 0..<t {
                let k = (i * c + ch) * t + j
                sdy += Double(gy.scalars[k]); sdyx += Double(gy.scalars[k]) * (Double(x.scalars[k]) - m) * inv
            } }
            let k = (5 * c + ch) * t + 7
            XCTAssertEqual(Double(y.value.scalars[k]), (Double(x.scalars[k]) - m) * inv * Double(w.value.scalars[ch]), accuracy: 1e-4)
            XCTAssertEqual(Double(bias.grad!.scalars[ch]), sdy, accuracy: 1e-2)
            XCTAssertEqual(Double(w.grad!.scalars[ch]), sdyx, accuracy: 1e-2)
            let dx = Double(w.value.scalars[ch]) * inv * (Double(gy.scalars[k]) - sdy / n - (Double(x.scalars[k]) - m) * inv * sdyx / n)
            XCTAssertEqual(Double(xv.grad!.scalars[k]), dx, accuracy: 1e-4)
        }
    }
}
