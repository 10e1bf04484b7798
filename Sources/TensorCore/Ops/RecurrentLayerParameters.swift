/// One layer of a PyTorch-layout recurrent network (nn.LSTM: G = 4 gates i, f, g, o; nn.GRU:
/// G = 3 gates r, z, n): weight_ih [G·H, I], weight_hh [G·H, H], bias_ih [G·H], bias_hh [G·H].
public struct RecurrentLayerParameters {
    /// weight_ih_l{k}.
    public var weightIH: Variable
    /// weight_hh_l{k}.
    public var weightHH: Variable
    /// bias_ih_l{k}.
    public var biasIH: Variable
    /// bias_hh_l{k}.
    public var biasHH: Variable

    /// Groups one layer's four tensors.
    public init(weightIH: Variable, weightHH: Variable, biasIH: Variable, biasHH: Variable) {
        self.weightIH = weightIH; self.weightHH = weightHH; self.biasIH = biasIH; self.biasHH = biasHH
    }
}
