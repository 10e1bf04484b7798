import TensorCore

/// What nn.LSTM and nn.GRU share: PyTorch's default init and parameter names.
extension Array where Element == RecurrentLayerParameters {
    /// `layerCount` layers of `gates`·H rows, every tensor drawn from U(±1/√H) in PyTorch's order
    /// (per layer weight_ih, weight_hh, bias_ih, bias_hh), as its constructor draws them.
    static func pytorchDefault(gates: Int, inputSize: Int, hiddenSize: Int, layerCount: Int,
                               rng: inout SeededGenerator) -> [RecurrentLayerParameters] {
        let bound = Float(1 / Double(hiddenSize).squareRoot())
        func draw(_ shape: [Int]) -> Variable {
            Variable(Tensor.uniform(shape, low: -bound, high: bound, using: &rng), requiresGrad: true)
        }
        return (0..<layerCount).map { l in
            RecurrentLayerParameters(weightIH: draw([gates * hiddenSize, l == 0 ? inputSize : hiddenSize]),
                                     weightHH: draw([gates * hiddenSize, hiddenSize]),
                                     biasIH: draw([gates * hiddenSize]), biasHH: draw([gates * hiddenSize]))
        }
    }

    /// weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} per layer k.
    var namedVariables: [NamedVariable] {
        enumerated().flatMap { (l, p) in
            [NamedVariable("weight_ih_l\(l)", p.weightIH, .parameter), NamedVariable("weight_hh_l\(l)", p.weightHH, .parameter),
             NamedVariable("bias_ih_l\(l)", p.biasIH, .parameter), NamedVariable("bias_hh_l\(l)", p.biasHH, .parameter)]
        }
    }
}
