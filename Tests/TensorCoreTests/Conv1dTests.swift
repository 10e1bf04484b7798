import XCTest
import TensorCore
import TestSupport

final class Conv1dTests: XCTestCase {
    /// Runs `body` once per chunking regime: one sample per GEMM, and several side by side.
    func forEachChunking(_ body: (String) throws -> Void) rethrows {
        let saved = Conv1dGeometry.targetColumns
        defer { Conv1dGeometry.targetColumns = saved }
        for cols in [1, 16, 4096] {
            Conv1dGeometry.targetColumns = cols
            try body("targetColumns \(cols)")
        }
    }

    func testGradientsStridePaddingAndPointwise() {
        let cases: [(x: [Int], w: [Int], stride: Int, padding: Int, bias: Bool)] = [
            ([3, 2, 9], [4, 2, 5], 2, 2, true),   // the xresnet k5 stride-2 conv, odd length
            ([2, 3, 8], [2, 3, 3], 1, 1, false),
            ([3, 4, 5], [3, 4, 1], 1, 0, true),   // 1x1: plain GEMM path
            ([2, 2, 7], [3, 2, 1], 2, 0, false),  // strided 1x1
        ]
        forEachChunking { regime in
            for (i, c) in cases.enumerated() {
                let x = GradCheck.param(c.x, seed: UInt64(i)), w = GradCheck.param(c.w, seed: UInt64(10 + i), scale: 0.5)
                let b = GradCheck.param([c.w[0]], seed: UInt64(20 + i))
                let inputs = c.bias ? [x, w, b] : [x, w]
                let r = GradCheck.check(inputs) { v in
                    conv1d(v[0], v[1], bias: c.bias ? v[2] : nil, stride: c.stride, padding: c.padding)
                }
                XCTAssertLessThan(r.maxError, 1e-2, "\(regime) case \(i): \(r)")
            }
        }
    }

    func testForwardAndGradientsMatchPyTorch() throws {
        let x = GradCheck.randomTensor([3, 4, 11], seed: 1), w = GradCheck.randomTensor([5, 4, 5], seed: 2)
        let b = GradCheck.randomTensor([5], seed: 3), gy = GradCheck.randomTensor([3, 5, 6], seed: 4)
        let t = try TorchOracle.run("""
        x = T("x", True); w = T("w", True); b = T("b", True)
        y = torch.nn.functional.conv1d(x, w, b, stride=2, padding=2)
        y.backward(T("gy"))
        out["y"] = y; out["dx"] = x.grad; out["dw"] = w.grad; out["db"] = b.grad
        """, inputs: ["x": x, "w": w, "b": b, "gy": gy])
        forEachChunking { regime in
            let xv = Variable(x, requiresGrad: true), wv = Variable(w, requiresGrad: true), bv = Variable(b, requiresGrad: true)
            let y = conv1d(xv, wv, bias: bv, stride: 2, padding: 2)
            XCTAssertEqual(y.shape, [3, 5, 6])
            y.backward(seed: gy)
            assertClose(y.value.scalars, t["y"]!, accuracy: 1e-4, "y \(regime)")
            assertClose(xv.grad!.scalars, t["dx"]!, accuracy: 1e-4, "dx \(regime)")
            assertClose(wv.grad!.scalars, t["dw"]!, accuracy: 1e-4, "dw \(regime)")
            assertClose(bv.grad!.scalars, t["db"]!, accuracy: 1e-4, "db \(regime)")
        }
    }

    func testResultIsBitwiseIndependentOfThreadCount() {
        let x = GradCheck.randomTensor([9, 8, 40], seed: 5), w = GradCheck.randomTensor([6, 8, 5], seed: 6)
        func run() -> [Tensor] {
            let xv = Variable(x, requiresGrad: true), wv = Variable(w, requiresGrad: true)
            sum(conv1d(xv, wv, stride: 1, padding: 2)).backward()
            return [xv.grad!, wv.grad!]
        }
        assertSameBitsAtEveryThreadCount { run() }
    }

    func testInputGradientIsTheTapByTapSumIntoZeros() {
        // dx is pinned to its arithmetic, not only its value: zero it, then add each tap's row of
        // dcol = Wᵀ·dY into it in tap order, as computed here directly; any reordering fails.
        let saved = Conv1dGeometry.targetColumns
        defer { Conv1dGeometry.targetColumns = saved }
        Conv1dGeometry.targetColumns = 1 << 20   // one chunk: dcol is one GEMM over the batch
        let cases: [(b: Int, cin: Int, t: Int, cout: Int, k: Int, stride: Int, padding: Int)] = [
            (3, 4, 37, 5, 5, 1, 2), (2, 3, 40, 4, 5, 2, 2), (2, 2, 9, 3, 3, 1, 0), (2, 3, 30, 2, 7, 3, 3),
            (1, 2, 64, 3, 5, 1, 4), (2, 5, 21, 3, 1, 2, 0), (2, 3, 12, 2, 1, 1, 0),
        ]
        for (i, c) in cases.enumerated() {
            let x = GradCheck.randomTensor([c.b, c.cin, c.t], seed: UInt64(40 + i))
            let w = GradCheck.randomTensor([c.cout, c.cin, c.k], seed: UInt64(50 + i))
            let g = Conv1dGeometry(x: x.shape, w: w.shape, stride: c.stride, padding: c.padding)
            let tl = g.outLength, n = c.b * tl, patch = c.cin * c.k
            let gy = GradCheck.randomTensor([c.b, c.cout, tl], seed: UInt64(60 + i))
            let xv = Variable(x, requiresGrad: true)
            conv1d(xv, Variable(w), stride: c.stride, padding: c.padding).backward(seed: gy)
            // dY as [Cout, B·Tout], then dcol [Cin·k, B·Tout] by the same GEMM the kernel calls.
            var gc = [Float](repeating: 0, count: c.cout * n)
            for b in 0..<c.b { for co in 0..<c.cout { for t in 0..<tl {
                gc[co * n + b * tl + t] = gy.scalars[(b * c.cout + co) * tl + t]
            } } }
            var dcol = [Float](repeating: 0, count: patch * n)
            w.scalars.withUnsafeBufferPointer { wb in gc.withUnsafeBufferPointer { gb in dcol.withUnsafeMutableBufferPointer { db in
                BLAS.gemm(transA: true, m: patch, n: n, k: c.cout, a: wb.baseAddress!, lda: patch, b: gb.baseAddress!, ldb: n,
                          c: db.baseAddress!, ldc: n)
            } } }
            var dx = [Float](repeating: 0, count: x.count)
            for ci in 0..<c.cin { for kk in 0..<c.k { for b in 0..<c.b { for t in 0..<tl {
                let at = t * c.stride + kk - c.padding
                if at >= 0 && at < c.t { dx[(b * c.cin + ci) * c.t + at] += dcol[(ci * c.k + kk) * n + b * tl + t] }
            } } } }
            XCTAssertEqual(xv.grad!.scalars.map(\.bitPattern), dx.map(\.bitPattern), "case \(i): \(c)")
        }
    }
}
