/// PyTorch's Conv1d: x [B, Cin, T], w [Cout, Cin, k], optional bias [Cout] → [B, Cout, Tout].
public func conv1d(_ x: Variable, _ w: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0) -> Variable {
    let g = Conv1dGeometry(x: x.shape, w: w.shape, stride: stride, padding: padding)
    if let bias { require(bias.shape == [g.cout], "conv1d: bias shape \(bias.shape), expected [\(g.cout)]") }
    let (xv, wv) = (x.value, w.value)
    let y = Conv1dKernels.forward(xv, wv, bias?.value, g)
    let inputs = bias.map { [x, w, $0] } ?? [x, w]
    return record("conv1d", y, inputs) { gy, needs in
        let r = Conv1dKernels.backward(gy, xv, wv, g, needX: needs[0], needW: needs[1],
                                       needBias: needs.count == 3 && needs[2])
        return needs.count == 3 ? [r.dx, r.dw, r.db] : [r.dx, r.dw]
    }
}
