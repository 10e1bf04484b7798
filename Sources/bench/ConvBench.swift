import Foundation
import TensorCore

/// One conv1d shape of xresnet1d50 at batch 256.
struct ConvShape {
    let name: String, cin: Int, cout: Int, kernel: Int, length: Int, stride: Int
    var padding: Int { (kernel - 1) / 2 }
}

/// The conv shapes the benchmark and `scripts/bench_torch_conv.py` time.
let xresnetConvShapes = [
    ConvShape(name: "64->64 k5 L63", cin: 64, cout: 64, kernel: 5, length: 63, stride: 1),
    ConvShape(name: "64->64 k5 L32", cin: 64, cout: 64, kernel: 5, length: 32, stride: 1),
    ConvShape(name: "256->64 1x1 L63", cin: 256, cout: 64, kernel: 1, length: 63, stride: 1),
    ConvShape(name: "64->256 1x1 L63", cin: 64, cout: 256, kernel: 1, length: 63, stride: 1),
]

/// Conv1d forward+backward (input, weight and output gradients) GFLOP/s at batch 256; prints one
/// line per shape: `conv <name> fwd+bwd <ms> ms <GFLOP/s> GFLOP/s (cpu ...)`; the CPU-time figure
/// stays meaningful when other jobs share the cores.
func benchConv(batch: Int = 256) {
    var g = SeededGenerator(seed: 2)
    for s in xresnetConvShapes {
        let x = Variable(Tensor.normal([batch, s.cin, s.length], using: &g), requiresGrad: true)
        let w = Variable(Tensor.normal([s.cout, s.cin, s.kernel], std: 0.1, using: &g), requiresGrad: true)
        let tout = (s.length + 2 * s.padding - s.kernel) / s.stride + 1
        let seed = Tensor.normal([batch, s.cout, tout], using: &g)
        let m = measure {
            let y = conv1d(x, w, stride: s.stride, padding: s.padding)
            y.backward(seed: seed)
            x.grad = nil; w.grad = nil
        }
        let flops = 3 * 2.0 * Double(batch * s.cout * s.cin * s.kernel * tout)
        print("conv \(column(s.name, 16)) fwd+bwd " + String(format: "%7.2f ms %7.1f GFLOP/s  (cpu %7.2f ms, %6.1f GFLOP per core-s)",
                                                           m.wall * 1e3, flops / m.wall / 1e9, m.cpu * 1e3, flops / m.cpu / 1e9))
    }
}

/// The same figures for several chunk widths, to choose `Conv1dGeometry.targetColumns`.
func benchConvChunking() {
    let saved = Conv1dGeometry.targetColumns
    for cols in [1, 128, 256, 512, 1024, 2048] {
        Conv1dGeometry.targetColumns = cols
        print("targetColumns \(cols):")
        benchConv()
    }
    Conv1dGeometry.targetColumns = saved
}
