import XCTest
import TensorCore
import TestSupport

final class LSTMTests: XCTestCase {
    func makeLayers(input: Int, hidden: Int, layers: Int, seed: UInt64) -> [RecurrentLayerParameters] {
        GradCheck.recurrentLayers(gates: 4, input: input, hidden: hidden, layers: layers, seed: seed)
    }

    /// A two-layer LSTM over v[0] with the layer tensors v[1...8] (GradCheck's variables).
    func twoLayerLSTM(_ v: [Variable]) -> LSTMResult { lstm(v[0], layers: GradCheck.recurrentLayers(v, count: 2)) }

    func testGradientsTwoLayersSeveralSteps() {
        let layers = makeLayers(input: 3, hidden: 4, layers: 2, seed: 100)
        let x = GradCheck.param([2, 5, 3], seed: 1)
        let params = layers.flatMap { [$0.weightIH, $0.weightHH, $0.biasIH, $0.biasHH] }
        // Output sequence, final h and final c all carry gradient.
        let r = GradCheck.check([x] + params) { v in
            let out = twoLayerLSTM(v)
            return concat([reshape(out.output, [-1]), reshape(out.h, [-1]), reshape(out.c, [-1])], axis: 0)
        }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }

    func testGradientsWhenTheBatchRunsInRowChunks() {
        // 70 rows: two chunks of 35, each running the whole recurrence on its own.
        let layers = makeLayers(input: 2, hidden: 3, layers: 2, seed: 150)
        let x = GradCheck.param([70, 3, 2], seed: 4)
        let params = layers.flatMap { [$0.weightIH, $0.weightHH, $0.biasIH, $0.biasHH] }
        let r = GradCheck.check([x] + params) { v in
            let out = twoLayerLSTM(v)
            return concat([reshape(out.output, [-1]), reshape(out.c, [-1])], axis: 0)
        }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }

    func testMatchesPyTorch() throws {
        try assertMatchesPyTorch(batch: 2)
    }

    func testRowChunkedBatchMatchesPyTorch() throws {
        try assertMatchesPyTorch(batch: 70)
    }

    func assertMatchesPyTorch(batch: Int) throws {
        let layers = makeLayers(input: 3, hidden: 4, layers: 2, seed: 200)
        let x = GradCheck.randomTensor([batch, 6, 3], seed: 2)
        var inputs: [String: Tensor] = ["x": x]
        for (l, p) in layers.enumerated() {
            inputs["wih\(l)"] = p.weightIH.value; inputs["whh\(l)"] = p.weightHH.value
            inputs["bih\(l)"] = p.biasIH.value; inputs["bhh\(l)"] = p.biasHH.value
        }
        let t = try TorchOracle.run("""
        m = torch.nn.LSTM(3, 4, num_layers=2, batch_first=True)
        with torch.no_grad():
            for l in range(2):
                getattr(m, f"weight_ih_l{l}").copy_(T(f"wih{l}")); getattr(m, f"weight_hh_l{l}").copy_(T(f"whh{l}"))
                getattr(m, f"bias_ih_l{l}").copy_(T(f"bih{l}")); getattr(m, f"bias_hh_l{l}").copy_(T(f"bhh{l}"))
        y, (h, c) = m(T("x"))
        out["y"] = y; out["h"] = h; out["c"] = c
        """, inputs: inputs)
        let r = lstm(Variable(x), layers: layers)
        XCTAssertEqual(r.output.shape, [batch, 6, 4])
        XCTAssertEqual(r.h.shape, [2, batch, 4])
        assertClose(r.output.value.scalars, t["y"]!, accuracy: 1e-5, "output")
        assertClose(r.h.value.scalars, t["h"]!, accuracy: 1e-5, "h")
        assertClose(r.c.value.scalars, t["c"]!, accuracy: 1e-5, "c")
    }

    func testParallelRowsGiveTheSameResultAsOneThread() {
        // 64 rows of H = 256 split into two row ranges per step.
        let layers = makeLayers(input: 8, hidden: 256, layers: 1, seed: 300)
        let x = GradCheck.randomTensor([64, 3, 8], seed: 3)
        func run() -> [Tensor] {
            let xv = Variable(x, requiresGrad: true)
            for p in layers { p.weightHH.grad = nil }
            sum(lstm(xv, layers: layers).output).backward()
            return [xv.grad!, layers[0].weightHH.grad!]
        }
        assertSameBitsAtEveryThreadCount { run() }
    }
}
