import TensorCore

/// How a conv or linear layer's weight (and bias) start, drawn from a `SeededGenerator`.
public enum WeightInit: Sendable {
    /// PyTorch's default: kaiming_uniform(a=√5), i.e. U(±1/√fanIn), and bias U(±1/√fanIn).
    case pytorchDefault
    /// fastai's xresnet init: N(0, 2/fanIn) (kaiming normal, fan in, ReLU gain), bias 0.
    case kaimingNormal

    /// The initial weight of `shape` and, when `bias`, the bias of `[shape[0]]` (drawn after the weight).
    public func make(shape: [Int], fanIn: Int, bias: Bool, rng: inout SeededGenerator) -> (Tensor, Tensor?) {
        switch self {
        case .pytorchDefault:
            let w = Tensor.pytorchDefaultWeight(shape, fanIn: fanIn, using: &rng)
            return (w, bias ? Tensor.pytorchDefaultBias([shape[0]], fanIn: fanIn, using: &rng) : nil)
        case .kaimingNormal:
            return (Tensor.kaimingNormal(shape, fanIn: fanIn, using: &rng), bias ? Tensor.zeros([shape[0]]) : nil)
        }
    }
}
