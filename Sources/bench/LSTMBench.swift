import Foundation
import Models
import TensorCore

/// CPC's context network: 2-layer LSTM(512 → 512), batch 32, 250 steps, forward+backward.
func benchLSTM(batch: Int = 32, steps: Int = 250, hidden: Int = 512) {
    var g = SeededGenerator(seed: 4)
    let layers = LSTM(inputSize: hidden, hiddenSize: hidden, layerCount: 2, rng: &g).layers
    let x = Variable(Tensor.normal([batch, steps, hidden], using: &g), requiresGrad: true)
    let seed = Tensor.normal([batch, steps, hidden], using: &g)
    let m = measure(repeats: 3) {
        lstm(x, layers: layers).output.backward(seed: seed)
        x.grad = nil
        for l in layers { for v in [l.weightIH, l.weightHH, l.biasIH, l.biasHH] { v.grad = nil } }
    }
    // Per layer and step: input and recurrent GEMMs 2·B·4H·(I + H) FLOPs forward, twice that backward.
    let flops = 3 * 2.0 * Double(2 * batch * steps * 4 * hidden * 2 * hidden)
    print("lstm 2x512 B\(batch) T\(steps) fwd+bwd " + String(format: "%8.1f ms %6.1f GFLOP/s  (cpu %8.1f ms)", m.wall * 1e3, flops / m.wall / 1e9, m.cpu * 1e3))
}

