import Foundation

/// What `gru` returns: the last layer's whole output sequence and each layer's final state.
public struct GRUResult {
    /// [B, T, H] hidden states of the last layer.
    public let output: Variable
    /// [L, B, H] final hidden state per layer.
    public let h: Variable
}

/// PyTorch's nn.GRU(batch_first: true, unidirectional) from zero initial state on x [B, T, I]:
///   r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
///   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// The reset gate multiplies the recurrent term *including* its bias b_hn, as PyTorch does, so
/// the two biases of the n gate are not interchangeable. Input projections are one GEMM per
/// layer, recurrent ones one GEMM per step; the backward pass is hand-written BPTT.
public func gru(_ x: Variable, layers: [RecurrentLayerParameters]) -> GRUResult {
    require(!layers.isEmpty, "gru: no layers")
    require(x.value.rank == 3, "gru: input must be [B, T, I], got \(x.shape)")
    var input = x
    var hs: [Variable] = []
    for (l, p) in layers.enumerated() {
        let r = gruLayer(input, p, layerIndex: l)
        input = r.output
        hs.append(reshape(r.h, [1] + r.h.shape))
    }
    return GRUResult(output: input, h: concat(hs, axis: 0))
}

/// One layer: outputs (sequence [B, T, H], final h [B, H]).
func gruLayer(_ x: Variable, _ p: RecurrentLayerParameters, layerIndex l: Int) -> (output: Variable, h: Variable) {
    let b = x.shape[0], t = x.shape[1], inF = x.shape[2]
    let h3 = p.weightIH.shape.first ?? 0, h = h3 / 3
    require(h3 % 3 == 0 && h > 0 && p.weightIH.shape == [h3, inF] && p.weightHH.shape == [h3, h]
                 && p.biasIH.shape == [h3] && p.biasHH.shape == [h3],
                 "gru layer \(l): input \(x.shape) with weight_ih \(p.weightIH.shape), weight_hh \(p.weightHH.shape), biases \(p.biasIH.shape) \(p.biasHH.shape): expected [3H, \(inF)], [3H, H], [3H], [3H]")
    require(t > 0, "gru layer \(l): empty sequence in input \(x.shape)")
    let xv = x.value, wih = p.weightIH.value, whh = p.weightHH.value
    let rows = b * t
    // gates [B, T, 3H]: input pre-activations + b_ih, then r, z, n after activation.
    var gates = MatmulKernels.gemm(xv, wih, m: rows, n: h3, k: inF, transA: false, transB: true).scalars
    // recurrent [B, T, 3H]: W_hh h_{s−1} + b_hh (its n third is kept for the backward pass).
    // Step 0 has no recurrent product (its slots are zeroed below); later steps' GEMMs write theirs.
    var recurrent = [Float](uninitializedCount: rows * h3)
    var out = [Float](uninitializedCount: rows * h)
    gates.withUnsafeMutableBufferPointer { gb in
    recurrent.withUnsafeMutableBufferPointer { rb in
    out.withUnsafeMutableBufferPointer { ob in
    whh.scalars.withUnsafeBufferPointer { wb in
    p.biasIH.value.scalars.withUnsafeBufferPointer { bih in
    p.biasHH.value.scalars.withUnsafeBufferPointer { bhh in
        let (gs, rs, os, ws) = (SendablePointer(gb.baseAddress!), SendablePointer(rb.baseAddress!), SendablePointer(ob.baseAddress!),
                                SendablePointer(UnsafeMutablePointer(mutating: wb.baseAddress!)))
        let bis = SendablePointer(UnsafeMutablePointer(mutating: bih.baseAddress!))
        let bhs = SendablePointer(UnsafeMutablePointer(mutating: bhh.baseAddress!))
        LSTMBatchChunks.run(batch: b) { rows, inner in
            inner.forRanges(rows) { sub in
                for r in (sub.lowerBound * t)..<(sub.upperBound * t) { for j in 0..<h3 { gs.p[r * h3 + j] += bis.p[j] } }
                for bi in sub { (rs.p + bi * t * h3).initialize(repeating: 0, count: h3) }
            }
            for s in 0..<t {
                if s > 0 {
                    // recurrent[rows, s] = h_{s-1} · W_hhᵀ, rows strided by T·3H (and T·H for h).
                    inner.gemm(transB: true, m: rows.count, n: h3, k: h, a: os.p + (rows.lowerBound * t + s - 1) * h, lda: t * h,
                               b: ws.p, ldb: h, beta: 0, c: rs.p + (rows.lowerBound * t + s) * h3, ldc: t * h3)
                }
                inner.forRanges(rows) { sub in for bi in sub {
                    let g = gs.p + (bi * t + s) * h3, q = rs.p + (bi * t + s) * h3
                    let hOut = os.p + (bi * t + s) * h
                    for j in 0..<h3 { q[j] += bhs.p[j] }
                    for j in 0..<(2 * h) { g[j] += q[j] }
                    VectorMath.sigmoid(g, count: 2 * h)
                    for j in 0..<h { g[2 * h + j] += g[j] * q[2 * h + j] }
                    VectorMath.tanh(g + 2 * h, count: h)
                    for j in 0..<h {
                        let z = g[h + j], n = g[2 * h + j]
                        let prev: Float = s > 0 ? hOut[j - h] : 0
                        hOut[j] = (1 - z) * n + z * prev
                    }
                }}
            }
        }
    }}}}}}
    let seq = Tensor(shape: [b, t, h], scalars: out)
    var hLast = [Float](repeating: 0, count: b * h)
    for bi in 0..<b { for j in 0..<h { hLast[bi * h + j] = out[(bi * t + t - 1) * h + j] } }
    let savedGates = gates, savedRecurrent = recurrent
    let outputs = record("gru", outputs: [seq, Tensor(shape: [b, h], scalars: hLast)],
                         inputs: [x, p.weightIH, p.weightHH, p.biasIH, p.biasHH]) { grads, needs in
        GRUBackward.run(gradSeq: grads[0], gradH: grads[1], x: xv, wih: wih, whh: whh, gates: savedGates,
                        recurrent: savedRecurrent, seq: out, b: b, t: t, inF: inF, h: h, needs: needs)
    }
    return (outputs[0], outputs[1])
}

/// Backpropagation through time for one GRU layer.
enum GRUBackward {
    static func run(gradSeq: Tensor, gradH: Tensor, x: Tensor, wih: Tensor, whh: Tensor, gates: [Float],
                    recurrent: [Float], seq: [Float], b: Int, t: Int, inF: Int, h: Int, needs: [Bool]) -> [Tensor?] {
        let h3 = 3 * h, rows = b * t
        // Pre-activation gradients of the input side (W_ih x + b_ih) and the recurrent side (W_hh h + b_hh);
        // they differ only in the n third, where the recurrent term is scaled by r.
        var dIn = [Float](repeating: 0, count: rows * h3), dRec = dIn
        var dh = gradH.scalars                                     // flowing back from step s+1
        dIn.withUnsafeMutableBufferPointer { dib in
        dRec.withUnsafeMutableBufferPointer { drb in
        dh.withUnsafeMutableBufferPointer { dhb in
        gradSeq.scalars.withUnsafeBufferPointer { gsb in
        whh.scalars.withUnsafeBufferPointer { wb in
            let (dis, drs, dhs) = (SendablePointer(dib.baseAddress!), SendablePointer(drb.baseAddress!), SendablePointer(dhb.baseAddress!))
            let gsp = SendablePointer(UnsafeMutablePointer(mutating: gsb.baseAddress!)).p
            let ws = SendablePointer(UnsafeMutablePointer(mutating: wb.baseAddress!))
            LSTMBatchChunks.run(batch: b) { rows, inner in
                for s in stride(from: t - 1, through: 0, by: -1) {
                    inner.forRanges(rows) { sub in for bi in sub {
                        let di = dis.p, dr = drs.p, dh = dhs.p
                        let g = (bi * t + s) * h3
                        for j in 0..<h {
                            let r = gates[g + j], z = gates[g + h + j], n = gates[g + 2 * h + j]
                            let hn = recurrent[g + 2 * h + j]
                            let prev: Float = s > 0 ? seq[(bi * t + s - 1) * h + j] : 0
                            let dhj = dh[bi * h + j] + gsp[(bi * t + s) * h + j]
                            let dan = dhj * (1 - z) * (1 - n * n)
                            let dar = dan * hn * r * (1 - r)
                            let daz = dhj * (prev - n) * z * (1 - z)
                            di[g + j] = dar; dr[g + j] = dar
                            di[g + h + j] = daz; dr[g + h + j] = daz
                            di[g + 2 * h + j] = dan; dr[g + 2 * h + j] = dan * r
                            dh[bi * h + j] = dhj * z                  // the direct path to h_{s-1}
                        }
                    }}
                    if s > 0 {
                        // dh_{s-1}[rows] += dRec_s[rows] · W_hh
                        inner.gemm(transB: false, m: rows.count, n: h, k: h3, a: drs.p + (rows.lowerBound * t + s) * h3, lda: t * h3,
                                   b: ws.p, ldb: h, beta: 1, c: dhs.p + rows.lowerBound * h, ldc: h)
                    }
                }
            }
        }}}}}
        let dInT = Tensor(shape: [rows, h3], scalars: dIn), dRecT = Tensor(shape: [rows, h3], scalars: dRec)
        var result: [Tensor?] = [nil, nil, nil, nil, nil]
        if needs[0] {
            result[0] = MatmulKernels.gemm(dInT, wih, m: rows, n: inF, k: h3, transA: false, transB: false).reshaped([b, t, inF])
        }
        if needs[1] { result[1] = MatmulKernels.gemm(dInT, x, m: h3, n: inF, k: rows, transA: true, transB: false) }
        if needs[2] {
            // h_{s-1} for every (b, s), zero at s = 0.
            var prev = [Float](repeating: 0, count: rows * h)
            for bi in 0..<b { for s in 1..<max(t, 1) { for j in 0..<h { prev[(bi * t + s) * h + j] = seq[(bi * t + s - 1) * h + j] } } }
            result[2] = MatmulKernels.gemm(dRecT, Tensor(shape: [rows, h], scalars: prev), m: h3, n: h, k: rows, transA: true, transB: false)
        }
        if needs[3] { result[3] = TensorMath.sumRows(dInT, columns: h3) }
        if needs[4] { result[4] = TensorMath.sumRows(dRecT, columns: h3) }
        return result
    }
}
