import Foundation
import TensorCore

/// An xresnet1d50 bottleneck block (256→64→64→256, k5, length 63, batch 256) built from the core's
/// ops, forward+backward, plus the forward time of each op kind on the block's shapes, to show
/// where a training step's time goes besides the GEMMs.
func benchBlock(batch: Int = 256, length: Int = 63) {
    var g = SeededGenerator(seed: 3)
    func param(_ shape: [Int], fanIn: Int) -> Variable { Variable(Tensor.kaimingNormal(shape, fanIn: fanIn, using: &g), requiresGrad: true) }
    struct BN { let w, b, rm, rv: Variable }
    func bn(_ c: Int) -> BN {
        BN(w: Variable(Tensor.ones([c]), requiresGrad: true), b: Variable(Tensor.zeros([c]), requiresGrad: true),
           rm: Variable(Tensor.zeros([c])), rv: Variable(Tensor.ones([c])))
    }
    let w1 = param([64, 256, 1], fanIn: 256), w2 = param([64, 64, 5], fanIn: 320), w3 = param([256, 64, 1], fanIn: 64)
    let n1 = bn(64), n2 = bn(64), n3 = bn(256)
    let x = Variable(Tensor.normal([batch, 256, length], using: &g), requiresGrad: true)
    func norm(_ h: Variable, _ n: BN) -> Variable {
        batchNorm1d(h, weight: n.w, bias: n.b, runningMean: n.rm, runningVar: n.rv, training: true)
    }
    func block() -> Variable {
        var h = relu(norm(conv1d(x, w1), n1))
        h = relu(norm(conv1d(h, w2, padding: 2), n2))
        h = norm(conv1d(h, w3), n3)
        return relu(h + x)
    }
    let seed = Tensor.normal([batch, 256, length], using: &g)
    let m = measure {
        block().backward(seed: seed)
        for v in [x, w1, w2, w3, n1.w, n1.b, n2.w, n2.b, n3.w, n3.b] { v.grad = nil }
    }
    let flops = 3 * 2.0 * Double(batch * length) * Double(256 * 64 + 64 * 64 * 5 + 64 * 256)
    print(String(format: "bottleneck block fwd+bwd %7.2f ms (%5.1f GFLOP/s)  cpu %7.2f ms", m.wall * 1e3, flops / m.wall / 1e9, m.cpu * 1e3))
    let big = Variable(Tensor.normal([batch, 256, length], using: &g), requiresGrad: true)
    let ops: [(String, () -> Void)] = [
        ("batchNorm1d train [B,256,63] fwd+bwd", { norm(big, n3).backward(seed: seed) }),
        ("relu [B,256,63] fwd+bwd", { relu(big).backward(seed: seed) }),
        ("add [B,256,63] fwd+bwd", { (big + x).backward(seed: seed) }),
        ("maxPool1d k3 s2 [B,256,63] fwd+bwd", { let y = maxPool1d(big, kernel: 3, stride: 2, padding: 1); y.backward(seed: Tensor.ones(y.shape)) }),
        ("avgPool1d k2 ceil [B,256,63] fwd+bwd", { let y = avgPool1d(big, kernel: 2, stride: 2, ceilMode: true); y.backward(seed: Tensor.ones(y.shape)) }),
        ("adaptiveConcatPool1d [B,256,8] fwd+bwd", {
            let s = Variable(Tensor.zeros([batch, 256, 8]), requiresGrad: true)
            let y = adaptiveConcatPool1d(s); y.backward(seed: Tensor.ones(y.shape)) }),
    ]
    for (name, op) in ops {
        let t = measure { op(); big.grad = nil; x.grad = nil; n3.w.grad = nil; n3.b.grad = nil }
        print("  \(column(name, 40)) " + String(format: "%7.2f ms  cpu %7.2f ms", t.wall * 1e3, t.cpu * 1e3))
    }
}
