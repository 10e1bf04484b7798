import Foundation

/// What `lstm` returns: the last layer's whole output sequence and each layer's final state.
public struct LSTMResult {
    /// [B, T, H] hidden states of the last layer.
    public let output: Variable
    /// [L, B, H] final hidden state per layer.
    public let h: Variable
    /// [L, B, H] final cell state per layer.
    public let c: Variable
}

/// PyTorch's nn.LSTM(batch_first: true, unidirectional) from zero initial state on x [B, T, I].
/// Per layer, the input projection of all steps is one GEMM and each step's recurrent gates one
/// GEMM; the backward pass is hand-written BPTT.
public func lstm(_ x: Variable, layers: [RecurrentLayerParameters]) -> LSTMResult {
    require(!layers.isEmpty, "lstm: no layers")
    require(x.value.rank == 3, "lstm: input must be [B, T, I], got \(x.shape)")
    var input = x
    var hs: [Variable] = [], cs: [Variable] = []
    for (l, p) in layers.enumerated() {
        let r = lstmLayer(input, p, layerIndex: l)
        input = r.output
        hs.append(reshape(r.h, [1] + r.h.shape)); cs.append(reshape(r.c, [1] + r.c.shape))
    }
    return LSTMResult(output: input, h: concat(hs, axis: 0), c: concat(cs, axis: 0))
}

/// One layer: outputs (sequence [B, T, H], final h [B, H], final c [B, H]).
func lstmLayer(_ x: Variable, _ p: RecurrentLayerParameters, layerIndex l: Int) -> (output: Variable, h: Variable, c: Variable) {
    let b = x.shape[0], t = x.shape[1], inF = x.shape[2]
    let h4 = p.weightIH.shape.first ?? 0, h = h4 / 4
    require(h4 % 4 == 0 && h > 0 && p.weightIH.shape == [h4, inF] && p.weightHH.shape == [h4, h]
                 && p.biasIH.shape == [h4] && p.biasHH.shape == [h4],
                 "lstm layer \(l): input \(x.shape) with weight_ih \(p.weightIH.shape), weight_hh \(p.weightHH.shape), biases \(p.biasIH.shape) \(p.biasHH.shape): expected [4H, \(inF)], [4H, H], [4H], [4H]")
    require(t > 0, "lstm layer \(l): empty sequence in input \(x.shape)")
    let xv = x.value, wih = p.weightIH.value, whh = p.weightHH.value
    let bias = TensorMath.add(p.biasIH.value, p.biasHH.value)
    let rows = b * t
    // gates [B, T, 4H]: pre-activations, then activations in place.
    var gates = MatmulKernels.gemm(xv, wih, m: rows, n: h4, k: inF, transA: false, transB: true).scalars
    // Slot s + 1 of `cells` and step s of `out` are written by step s; slot 0 holds c_{-1} = 0.
    var cells = [Float](unsafeUninitializedCapacity: b * (t + 1) * h) { buf, n in
        for bi in 0..<b { (buf.baseAddress! + bi * (t + 1) * h).initialize(repeating: 0, count: h) }
        n = b * (t + 1) * h
    }
    var out = [Float](uninitializedCount: rows * h)
    // tanh(c_s) for every step, kept for the backward pass instead of recomputed there.
    var tanhCells = [Float](uninitializedCount: rows * h)
    gates.withUnsafeMutableBufferPointer { gb in
    cells.withUnsafeMutableBufferPointer { cb in
    out.withUnsafeMutableBufferPointer { ob in
    tanhCells.withUnsafeMutableBufferPointer { tb in
    whh.scalars.withUnsafeBufferPointer { wb in
    bias.scalars.withUnsafeBufferPointer { biasb in
        let gp = gb.baseAddress!, cp = cb.baseAddress!, op = ob.baseAddress!
        let (gs, cs, os, ws) = (SendablePointer(gp), SendablePointer(cp), SendablePointer(op),
                                SendablePointer(UnsafeMutablePointer(mutating: wb.baseAddress!)))
        let ts = SendablePointer(tb.baseAddress!)
        let bs = SendablePointer(UnsafeMutablePointer(mutating: biasb.baseAddress!))
        LSTMBatchChunks.run(batch: b) { rows, inner in
            // The bias joins every step's input projection before the recurrent product is added.
            inner.forRanges(rows) { sub in
                for r in (sub.lowerBound * t)..<(sub.upperBound * t) { for j in 0..<h4 { gs.p[r * h4 + j] += bs.p[j] } }
            }
            for s in 0..<t {
                if s > 0 {
                    // gates[rows, s] += h_{s-1} · W_hhᵀ, rows strided by T·4H (and T·H for h).
                    inner.gemm(transB: true, m: rows.count, n: h4, k: h, a: os.p + (rows.lowerBound * t + s - 1) * h, lda: t * h,
                               b: ws.p, ldb: h, beta: 1, c: gs.p + (rows.lowerBound * t + s) * h4, ldc: t * h4)
                }
                inner.forRanges(rows) { sub in for bi in sub {
                    let g = gs.p + (bi * t + s) * h4
                    let cPrev = cs.p + (bi * (t + 1) + s) * h, cNew = cPrev + h
                    let hOut = os.p + (bi * t + s) * h, tanhC = ts.p + (bi * t + s) * h
                    // Activations in place: i, f (sigmoid) | g (tanh) | o (sigmoid).
                    VectorMath.sigmoid(g, count: 2 * h)
                    VectorMath.tanh(g + 2 * h, count: h)
                    VectorMath.sigmoid(g + 3 * h, count: h)
                    for j in 0..<h {
                        let c = g[h + j] * cPrev[j] + g[j] * g[2 * h + j]
                        cNew[j] = c
                        tanhC[j] = c
                    }
                    VectorMath.tanh(tanhC, count: h)
                    for j in 0..<h { hOut[j] = tanhC[j] * g[3 * h + j] }
                }}
            }
        }
    }}}}}}
    let seq = Tensor(shape: [b, t, h], scalars: out)
    var hLast = [Float](repeating: 0, count: b * h), cLast = hLast
    for bi in 0..<b {
        for j in 0..<h {
            hLast[bi * h + j] = out[(bi * t + t - 1) * h + j]
            cLast[bi * h + j] = cells[(bi * (t + 1) + t) * h + j]
        }
    }
    let savedGates = gates, savedCells = cells, savedTanhCells = tanhCells
    let outputs = record("lstm", outputs: [seq, Tensor(shape: [b, h], scalars: hLast), Tensor(shape: [b, h], scalars: cLast)],
                         inputs: [x, p.weightIH, p.weightHH, p.biasIH, p.biasHH]) { grads, needs in
        LSTMBackward.run(gradSeq: grads[0], gradH: grads[1], gradC: grads[2], x: xv, wih: wih, whh: whh,
                         gates: savedGates, cells: savedCells, tanhCells: savedTanhCells, seq: out, b: b, t: t, inF: inF, h: h, needs: needs)
    }
    return (outputs[0], outputs[1], outputs[2])
}

/// Backpropagation through time for one layer.
enum LSTMBackward {
    static func run(gradSeq: Tensor, gradH: Tensor, gradC: Tensor, x: Tensor, wih: Tensor, whh: Tensor,
                    gates: [Float], cells: [Float], tanhCells: [Float], seq: [Float], b: Int, t: Int, inF: Int, h: Int,
                    needs: [Bool]) -> [Tensor?] {
        let h4 = 4 * h, rows = b * t
        // Every element is written below, once per (row, step).
        var dA = [Float](uninitializedCount: rows * h4)
        var dh = gradH.scalars, dc = gradC.scalars                 // flowing back from step s+1
        dA.withUnsafeMutableBufferPointer { dab in
        dh.withUnsafeMutableBufferPointer { dhb in
        dc.withUnsafeMutableBufferPointer { dcb in
        gradSeq.scalars.withUnsafeBufferPointer { gsb in
        gates.withUnsafeBufferPointer { gb in
        cells.withUnsafeBufferPointer { cb in
        tanhCells.withUnsafeBufferPointer { tcb in
        whh.scalars.withUnsafeBufferPointer { wb in
            func shared(_ p: UnsafePointer<Float>?) -> SendablePointer<Float> { SendablePointer(UnsafeMutablePointer(mutating: p!)) }
            let (das, dhs, dcs) = (SendablePointer(dab.baseAddress!), SendablePointer(dhb.baseAddress!), SendablePointer(dcb.baseAddress!))
            let (gss, gates, cells, tanhCells) = (shared(gsb.baseAddress), shared(gb.baseAddress), shared(cb.baseAddress), shared(tcb.baseAddress))
            let ws = shared(wb.baseAddress)
            LSTMBatchChunks.run(batch: b) { rows, inner in
                for s in stride(from: t - 1, through: 0, by: -1) {
                    inner.forRanges(rows) { sub in for bi in sub {
                        let g = (bi * t + s) * h4, cNew = (bi * (t + 1) + s + 1) * h
                        LSTMBackward.gateGradients(
                            gates: gates.p + g, cellPrev: cells.p + cNew - h, tanhCell: tanhCells.p + (bi * t + s) * h,
                            gradOut: gss.p + (bi * t + s) * h, dh: dhs.p + bi * h, dc: dcs.p + bi * h, dA: das.p + g, h: h)
                    }}
                    if s > 0 {
                        // dh_{s-1}[rows] = dA_s[rows] · W_hh (overwrites dh, fully consumed above)
                        inner.gemm(transB: false, m: rows.count, n: h, k: h4, a: das.p + (rows.lowerBound * t + s) * h4, lda: t * h4,
                                   b: ws.p, ldb: h, beta: 0, c: dhs.p + rows.lowerBound * h, ldc: h)
                    }
                }
            }
        }}}}}}}}
        let dAt = Tensor(shape: [rows, h4], scalars: dA)
        var result: [Tensor?] = [nil, nil, nil, nil, nil]
        if needs[0] {
            result[0] = MatmulKernels.gemm(dAt, wih, m: rows, n: inF, k: h4, transA: false, transB: false).reshaped([b, t, inF])
        }
        if needs[1] { result[1] = MatmulKernels.gemm(dAt, x, m: h4, n: inF, k: rows, transA: true, transB: false) }
        if needs[2] {
            // h_{s-1} for every (b, s), zero at s = 0.
            let prev = Tensor(shape: [rows, h]) { buf in
                seq.withUnsafeBufferPointer { sb in
                    for bi in 0..<b {
                        let dst = buf.baseAddress! + bi * t * h
                        dst.initialize(repeating: 0, count: h)
                        (dst + h).initialize(from: sb.baseAddress! + bi * t * h, count: (t - 1) * h)
                    }
                }
            }
            result[2] = MatmulKernels.gemm(dAt, prev, m: h4, n: h, k: rows, transA: true, transB: false)
        }
        if needs[3] || needs[4] {
            let db = TensorMath.sumRows(dAt, columns: h4)
            result[3] = needs[3] ? db : nil
            result[4] = needs[4] ? db : nil
        }
        return result
    }
}

extension LSTMBackward {
    /// One row and step of BPTT: the pre-activation gradients dA of gates (i, f, g, o) from the
    /// gradient reaching h (dh + the output's) and c (dc); dc becomes dc · f for the step before.
    /// Eight lanes at a time, each lane the scalar tail's expression in the same order, so a
    /// result does not depend on which lane or tail computed it.
    @inline(__always)
    static func gateGradients(gates: UnsafeMutablePointer<Float>, cellPrev: UnsafeMutablePointer<Float>,
                              tanhCell: UnsafeMutablePointer<Float>, gradOut: UnsafeMutablePointer<Float>,
                              dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
                              dA: UnsafeMutablePointer<Float>, h: Int) {
        typealias V = SIMD8<Float>
        func load(_ p: UnsafeMutablePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        var j = 0
        while j + 8 <= h {
            let i = load(gates + j), f = load(gates + h + j), gg = load(gates + 2 * h + j), o = load(gates + 3 * h + j)
            let dhj = load(dh + j) + load(gradOut + j)
            let tc = load(tanhCell + j)
            let dcj = load(dc + j) + dhj * o * (1 - tc * tc)
            store(dcj * gg * i * (1 - i), dA + j)
            store(dcj * load(cellPrev + j) * f * (1 - f), dA + h + j)
            store(dcj * i * (1 - gg * gg), dA + 2 * h + j)
            store(dhj * tc * o * (1 - o), dA + 3 * h + j)
            store(dcj * f, dc + j)
            j += 8
        }
        while j < h {
            let i = gates[j], f = gates[h + j], gg = gates[2 * h + j], o = gates[3 * h + j]
            let dhj = dh[j] + gradOut[j]
            let tc = tanhCell[j]
            let dcj = dc[j] + dhj * o * (1 - tc * tc)
            dA[j] = dcj * gg * i * (1 - i)
            dA[h + j] = dcj * cellPrev[j] * f * (1 - f)
            dA[2 * h + j] = dcj * i * (1 - gg * gg)
            dA[3 * h + j] = dhj * tc * o * (1 - o)
            dc[j] = dcj * f
            j += 1
        }
    }
}

/// How an LSTM layer spreads its recurrence over cores. Batch rows are independent through time,
/// so a large batch is cut into row chunks that each run the whole recurrence on one core with
/// single-threaded GEMMs, with no synchronisation per time step; a small batch runs as one chunk
/// whose per-step GEMMs and gate loops are split over the cores instead. The cut depends on the
/// batch size only, and every row's arithmetic is the same either way.
enum LSTMBatchChunks {
    /// Rows per chunk below which one chunk with parallel steps is used.
    static let minimumRows = 32

    /// The per-step work inside one chunk: serial when chunks run in parallel, parallel otherwise.
    struct Inner {
        let parallel: Bool

        func gemm(transB: Bool, m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Float>, lda: Int,
                  b: UnsafeMutablePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
            if parallel {
                BLAS.parallelGemm(transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            } else {
                BLAS.gemm(transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            }
        }

        func forRanges(_ rows: Range<Int>, _ body: (Range<Int>) -> Void) {
            guard parallel else { return body(rows) }
            Parallel.forRanges(rows.count, grain: 16) { r in body((rows.lowerBound + r.lowerBound)..<(rows.lowerBound + r.upperBound)) }
        }
    }

    /// Calls `body(rows, inner)` for each chunk of `0..<batch`.
    static func run(batch: Int, _ body: (Range<Int>, Inner) -> Void) {
        let chunks = Parallel.chunkCount(batch, grain: minimumRows)
        let inner = Inner(parallel: chunks == 1)
        Parallel.forEach(chunks) { body(Parallel.range($0, of: chunks, count: batch), inner) }
    }
}
