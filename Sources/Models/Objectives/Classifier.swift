import TensorCore

/// A downstream multi-label classifier: a pretrained (or random) backbone plus a head, trained
/// with BCE-with-logits on PTB-XL labels.
public protocol Classifier {
    /// All parameters and buffers under their checkpoint names.
    var namedVariables: [NamedVariable] { get }
    /// Backbone state (the part transferred from pretraining), names relative to the classifier.
    var backboneVariables: [NamedVariable] { get }
    /// The head's state, names relative to the classifier.
    var headVariables: [NamedVariable] { get }
    /// Backbone layer groups from the top of the network down, by name prefix, for discriminative
    /// learning rates (the reference's grouping: xresnet modules in pairs from the top; CPC's
    /// context network, then its encoder).
    var discriminativeLayerGroups: [[String]] { get }
    /// When true the backbone runs in evaluation mode (frozen BatchNorm statistics; linear evaluation).
    var freezeBackboneStatistics: Bool { get set }
    /// What the head sees: the backbone's pooled features [B, F] for windows [B, leads, T].
    func representation(_ x: Variable, _ ctx: inout ForwardContext) -> Variable
    /// The head's logits [B, classes] for a representation [B, F].
    func headLogits(_ features: Variable, _ ctx: inout ForwardContext) -> Variable
}

extension Classifier {
    /// Logits [B, classes] for windows [B, leads, T].
    public func logits(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        headLogits(representation(x, &ctx), &ctx)
    }

    /// Mean BCE-with-logits against multi-hot `targets` [B, classes].
    public func loss(_ x: Variable, targets: Tensor, _ ctx: inout ForwardContext) -> Variable {
        bceWithLogits(logits(x, &ctx), targets: targets)
    }
}

/// xresnet1d encoder + eval.py's head (`encoder.features.*`, `head.weight`, `head.bias`; with hidden
/// layers `head.0.*`, `head.2.*`, …).
public struct XResNetClassifier: Classifier, Layer {
    /// The representation network.
    public let encoder: XResNet1d
    /// Linear(featureCount, classes), or the `--hidden` MLP, PyTorch-default init like eval.py's fresh head.
    public let head: XResNetHead
    public var freezeBackboneStatistics: Bool

    /// A classifier with a fresh head (with `hidden` layer sizes, none by default) on `encoder`.
    public init(encoder: XResNet1d, classes: Int, hidden: [Int] = [], freezeBackboneStatistics: Bool = false,
                rng: inout SeededGenerator) {
        self.encoder = encoder
        head = XResNetHead(inputFeatures: encoder.featureCount, hidden: hidden, classes: classes, rng: &rng)
        self.freezeBackboneStatistics = freezeBackboneStatistics
    }

    public var backboneVariables: [NamedVariable] { prefixed("encoder", encoder.namedVariables) }
    public var headVariables: [NamedVariable] { prefixed("head", head.namedVariables) }
    public var discriminativeLayerGroups: [[String]] {
        [["encoder.features.7.", "encoder.features.6."], ["encoder.features.5.", "encoder.features.4."],
         ["encoder.features.3.", "encoder.features.2.", "encoder.features.1."], ["encoder.features.0."]]
    }
    public var namedVariables: [NamedVariable] { backboneVariables + headVariables }

    public func representation(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        freezeBackboneStatistics ? ctx.applyFrozen(encoder, named: "encoder", to: x)
                                 : ctx.apply(encoder, named: "encoder", to: x)
    }

    public func headLogits(_ features: Variable, _ ctx: inout ForwardContext) -> Variable {
        ctx.apply(head, named: "head", to: features)
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable { logits(x, &ctx) }
}

/// CPC encoder + LSTM + concat-pool head (`encoder.*`, `rnn.*`, `head.*`), the reference's finetuning model.
public struct CPCClassifier: Classifier, Layer {
    /// Per-token encoder.
    public let encoder: Sequential
    /// Context network (LSTM or GRU).
    public let rnn: CPCContextNetwork
    /// [mean ‖ max ‖ last] pooling of the context sequence.
    public let pool = ConcatPoolRNN()
    /// Finetune or linear head.
    public let head: Sequential
    public var freezeBackboneStatistics: Bool

    /// A classifier with a fresh head on a (pretrained) CPC model's encoder and context network.
    public init(cpc: CPCModel, head kind: CPCHeadKind, classes: Int, freezeBackboneStatistics: Bool = false,
                rng: inout SeededGenerator) {
        encoder = cpc.encoder
        rnn = cpc.rnn
        head = makeCPCHead(kind: kind, inputFeatures: 3 * cpc.rnn.hiddenSize, hidden: 512, classes: classes, rng: &rng)
        self.freezeBackboneStatistics = freezeBackboneStatistics
    }

    /// A classifier with a fresh head of the given hidden sizes, dropout and BatchNorm (`makeCPCHead`).
    public init(cpc: CPCModel, hidden: [Int], dropout: Float, batchNorm: Bool, classes: Int,
                freezeBackboneStatistics: Bool = false, rng: inout SeededGenerator) {
        encoder = cpc.encoder
        rnn = cpc.rnn
        head = makeCPCHead(inputFeatures: 3 * cpc.rnn.hiddenSize, hidden: hidden, dropout: dropout, batchNorm: batchNorm,
                           classes: classes, rng: &rng)
        self.freezeBackboneStatistics = freezeBackboneStatistics
    }

    public var backboneVariables: [NamedVariable] {
        prefixed("encoder", encoder.namedVariables) + prefixed("rnn", rnn.namedVariables)
    }
    public var headVariables: [NamedVariable] { prefixed("head", head.namedVariables) }
    public var namedVariables: [NamedVariable] { backboneVariables + headVariables }
    public var discriminativeLayerGroups: [[String]] { [["rnn."], ["encoder."]] }

    public func representation(_ x: Variable, _ ctx: inout ForwardContext) -> Variable {
        let wasTraining = ctx.training
        if freezeBackboneStatistics { ctx.training = false }
        let z = transpose(encoder.children.isEmpty ? x : ctx.apply(encoder, named: "encoder", to: x), 1, 2)
        let c = rnn.apply(to: z, named: "rnn", &ctx)
        ctx.training = wasTraining
        return ctx.apply(pool, named: "pool", to: c)
    }

    public func headLogits(_ features: Variable, _ ctx: inout ForwardContext) -> Variable {
        ctx.apply(head, named: "head", to: features)
    }

    public func callAsFunction(_ x: Variable, _ ctx: inout ForwardContext) -> Variable { logits(x, &ctx) }
}
