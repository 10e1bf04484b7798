import XCTest
import TensorCore
import TestSupport

final class GRUTests: XCTestCase {
    func makeLayers(input: Int, hidden: Int, layers: Int, seed: UInt64) -> [RecurrentLayerParameters] {
        GradCheck.recurrentLayers(gates: 3, input: input, hidden: hidden, layers: layers, seed: seed)
    }

    /// A two-layer GRU over v[0] with the layer tensors v[1...8] (GradCheck's variables).
    func twoLayerGRU(_ v: [Variable]) -> GRUResult { gru(v[0], layers: GradCheck.recurrentLayers(v, count: 2)) }

    func testGradientsTwoLayersSeveralSteps() {
        let layers = makeLayers(input: 3, hidden: 4, layers: 2, seed: 100)
        let x = GradCheck.param([2, 5, 3], seed: 1)
        let params = layers.flatMap { [$0.weightIH, $0.weightHH, $0.biasIH, $0.biasHH] }
        // Output sequence and final h both carry gradient.
        let r = GradCheck.check([x] + params) { v in
            let out = twoLayerGRU(v)
            return concat([reshape(out.output, [-1]), reshape(out.h, [-1])], axis: 0)
        }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }

    func testGradientsWhenTheBatchRunsInRowChunks() {
        // 70 rows: two chunks of 35, each running the whole recurrence on its own.
        let layers = makeLayers(input: 2, hidden: 3, layers: 2, seed: 150)
        let x = GradCheck.param([70, 3, 2], seed: 4)
        let params = layers.flatMap { [$0.weightIH, $0.weightHH, $0.biasIH, $0.biasHH] }
        let r = GradCheck.check([x] + params) { v in reshape(twoLayerGRU(v).output, [-1]) }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }

    func testTheResetGateScalesTheRecurrentBias() {
        // Moving b_hn into b_in changes the output when r < 1: PyTorch's n = tanh(… + r ⊙ (W_hn h + b_hn)).
        let layers = makeLayers(input: 2, hidden: 3, layers: 1, seed: 170)
        let x = Variable(GradCheck.randomTensor([1, 4, 2], seed: 5))
        let moved = layers.map { p -> RecurrentLayerParameters in
            var bih = p.biasIH.value, bhh = p.biasHH.value
            for j in 6..<9 { bih.scalars[j] += bhh.scalars[j]; bhh.scalars[j] = 0 }
            return RecurrentLayerParameters(weightIH: p.weightIH, weightHH: p.weightHH, biasIH: Variable(bih), biasHH: Variable(bhh))
        }
        let a = gru(x, layers: layers).output.value.scalars, b = gru(x, layers: moved).output.value.scalars
        // The first step has h = 0, so only the bias differs there; later steps differ more.
        XCTAssertGreaterThan(zip(a, b).map { abs($0 - $1) }.max()!, 1e-3)
    }

    func testMatchesPyTorch() throws {
        try assertMatchesPyTorch(batch: 2)
    }

    func testRowChunkedBatchMatchesPyTorch() throws {
        try assertMatchesPyTorch(batch: 70)
    }

    /// Forward values and the gradients of Σ y ⊙ R for every input and parameter.
    func assertMatchesPyTorch(batch: Int) throws {
        let layers = makeLayers(input: 3, hidden: 4, layers: 2, seed: 200)
        let x = GradCheck.randomTensor([batch, 6, 3], seed: 2)
        let seedR = GradCheck.randomTensor([batch, 6, 4], seed: 3)
        var inputs: [String: Tensor] = ["x": x, "R": seedR]
        for (l, p) in layers.enumerated() {
            inputs["wih\(l)"] = p.weightIH.value; inputs["whh\(l)"] = p.weightHH.value
            inputs["bih\(l)"] = p.biasIH.value; inputs["bhh\(l)"] = p.biasHH.value
        }
        let t = try TorchOracle.run("""
        m = torch.nn.GRU(3, 4, num_layers=2, batch_first=True)
        with torch.no_grad():
            for l in range(2):
                getattr(m, f"weight_ih_l{l}").copy_(T(f"wih{l}")); getattr(m, f"weight_hh_l{l}").copy_(T(f"whh{l}"))
                getattr(m, f"bias_ih_l{l}").copy_(T(f"bih{l}")); getattr(m, f"bias_hh_l{l}").copy_(T(f"bhh{l}"))
        x = T("x", grad=True)
        y, h = m(x)
        (y * T("R")).sum().backward()
        out["y"] = y; out["h"] = h; out["dx"] = x.grad
        for n, p in m.named_parameters(): out["d" + n] = p.grad
        """, inputs: inputs)
        let xv = Variable(x, requiresGrad: true)
        let r = gru(xv, layers: layers)
        XCTAssertEqual(r.output.shape, [batch, 6, 4])
        XCTAssertEqual(r.h.shape, [2, batch, 4])
        assertClose(r.output.value.scalars, t["y"]!, accuracy: 1e-5, "output")
        assertClose(r.h.value.scalars, t["h"]!, accuracy: 1e-5, "h")
        r.output.backward(seed: seedR)
        assertClose(xv.grad!.scalars, t["dx"]!, accuracy: 1e-5, "dx")
        for (l, p) in layers.enumerated() {
            for (name, v) in [("weight_ih", p.weightIH), ("weight_hh", p.weightHH), ("bias_ih", p.biasIH), ("bias_hh", p.biasHH)] {
                assertClose(v.grad!.scalars, t["d\(name)_l\(l)"]!, accuracy: 1e-5, "\(name)_l\(l) gradient")
            }
        }
    }

    func testParallelRowsGiveTheSameResultAsOneThread() {
        // 64 rows of H = 256 split into two row ranges per step.
        let layers = makeLayers(input: 8, hidden: 256, layers: 1, seed: 300)
        let x = GradCheck.randomTensor([64, 3, 8], seed: 3)
        func run() -> [Tensor] {
            let xv = Variable(x, requiresGrad: true)
            for p in layers { p.weightHH.grad = nil }
            sum(gru(xv, layers: layers).output).backward()
            return [xv.grad!, layers[0].weightHH.grad!]
        }
        assertSameBitsAtEveryThreadCount { run() }
    }
}
