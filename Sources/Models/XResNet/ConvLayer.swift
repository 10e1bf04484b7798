import TensorCore

/// fastai's ConvLayer as used by xresnet: Conv1d (no bias, "same" padding) → BatchNorm1d (γ 1,
/// or 0 when `zeroBN`; β 1e-3) → ReLU unless `activation` is false. Names `0`, `1` (the ReLU,
/// fastai's `2`, holds no state and runs inside the BatchNorm's pass).
func convLayer(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, activation: Bool = true,
               zeroBN: Bool = false, rng: inout SeededGenerator) -> Sequential {
    let layers: [any Layer] = [
        Conv1d(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: (kernelSize - 1) / 2,
               bias: false, initializer: .kaimingNormal, rng: &rng),
        BatchNorm1d(outChannels, weightInit: zeroBN ? 0 : 1, biasInit: 1e-3, thenReLU: activation),
    ]
    return Sequential(layers)
}
