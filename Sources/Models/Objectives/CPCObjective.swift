import TensorCore

/// CPC pretraining (docs/method.md §3.3): InfoNCE predicting the encoding `steps` tokens ahead from
/// proj(LSTM(encoder(x))), with `negatives` negatives per position drawn from the context's random
/// stream, from the same sequence (the README runs) or from every sequence of the batch.
/// Consumes one un-augmented view.
public struct CPC: PretrainingMethod {
    /// Encoder, context network and projection.
    public let model: CPCModel
    /// Prediction offset.
    public let steps: Int
    /// Negatives per position.
    public let negatives: Int
    /// Negatives from the positive's own sequence only (`--negatives-from-same-seq-only`).
    public let negativesFromSameSequenceOnly: Bool

    /// A CPC objective on `model`.
    public init(model: CPCModel, steps: Int = 12, negatives: Int = 128, negativesFromSameSequenceOnly: Bool = true) {
        require(!model.encoder.children.isEmpty, "CPC: pretraining predicts encoder outputs; the reference refuses skip_encoder here")
        self.model = model
        self.steps = steps
        self.negatives = negatives
        self.negativesFromSameSequenceOnly = negativesFromSameSequenceOnly
    }

    public var namedVariables: [NamedVariable] { model.namedVariables }
    public var backboneVariables: [NamedVariable] {
        prefixed("encoder", model.encoder.namedVariables) + prefixed("rnn", model.rnn.namedVariables)
    }
    public var viewCount: Int { 1 }
    /// The prediction accuracy of the latest `loss` call, for training logs (a box, because
    /// `loss` is non-mutating; it costs nothing, the loss computes it anyway).
    public let lastAccuracy = LastValue()

    /// Loss and prediction accuracy of one batch.
    public func lossAndAccuracy(_ x: Tensor, _ ctx: inout ForwardContext) -> (loss: Variable, accuracy: Float) {
        let z = model.encode(viewVariable(x, method: "CPC"), &ctx)
        let p = model.project(model.context(z, &ctx), &ctx)
        guard negativesFromSameSequenceOnly else {
            let rows = CPCInfoNCE.sampleNegativesAcrossSequences(batch: z.shape[0], length: z.shape[1], steps: steps,
                                                                 count: negatives, rng: &ctx.rng)
            return CPCInfoNCE.lossAcrossSequences(encoded: z, predictions: p, steps: steps, negativeRows: rows,
                                                  negativesPerPosition: negatives)
        }
        let idx = CPCInfoNCE.sampleNegatives(batch: z.shape[0], length: z.shape[1], steps: steps, count: negatives, rng: &ctx.rng)
        return CPCInfoNCE.loss(encoded: z, predictions: p, steps: steps, negatives: idx, negativesPerPosition: negatives)
    }

    public func loss(views: [Tensor], progress: TrainingProgress, _ ctx: inout ForwardContext) -> Variable {
        require(views.count == 1, "CPC: needs 1 view, got \(views.count)")
        let (loss, accuracy) = lossAndAccuracy(views[0], &ctx)
        lastAccuracy.value = Double(accuracy)
        return loss
    }
}

/// A value a non-mutating method leaves behind for whoever logs it.
public final class LastValue: @unchecked Sendable {
    /// The latest value, nil before the first.
    public var value: Double?
    public init() {}
}
