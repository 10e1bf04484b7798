import TensorCore

/// SwAV (docs/method.md §3.6): all views in one forward pass through encoder → Linear(F, 2048) → BN
/// → ReLU → Linear(2048, 128) → L2 norm → prototypes Linear(128, 3000, no bias), re-normalised at
/// the start of every step. Views 0 and 1 get Sinkhorn assignments (ε 0.05, 3 iterations, over
/// the queue's embeddings too once it is filled); every other view predicts them through
/// softmax(scores / 0.1). Per assignment view the cross-entropies are summed and divided by the
/// number of views (the reference's `sum(nmb_crops) − 1` with its dropped 7th view), then averaged
/// over the two assignment views. The prototypes stay frozen during the first epoch.
public struct SwAV: PretrainingMethod {
    /// The representation network.
    public let encoder: XResNet1d
    /// The projection MLP (`projector.0`, `.1`, `.3`), PyTorch-default init.
    public let projector: Sequential
    /// The prototype vectors (`prototypes.weight`, [3000, 128]).
    public let prototypes: Linear
    /// Past embeddings of the assignment views, [2, queueLength, 128]; zeros until filled.
    public let queue: Variable
    /// Views per window.
    public let viewCount: Int
    /// Softmax temperature of the predictions.
    public let temperature: Float
    /// Sinkhorn's ε.
    public let epsilon: Double
    /// Sinkhorn iterations.
    public let sinkhornIterations: Int
    /// First epoch whose steps fill and (once full) use the queue.
    public let queueStartEpoch: Int
    /// Epochs during which the prototypes receive no update.
    public let freezePrototypeEpochs: Int

    /// A fresh SwAV model. `queueLength` 0 disables the queue.
    public init(encoder: XResNet1d, viewCount: Int = 6, hidden: Int = 2048, outDim: Int = 128, prototypeCount: Int = 3000,
                temperature: Float = 0.1, epsilon: Double = 0.05, sinkhornIterations: Int = 3,
                queueLength: Int = 0, queueStartEpoch: Int = 15, freezePrototypeEpochs: Int = 1, rng: inout SeededGenerator) {
        require(viewCount >= 2, "SwAV: needs at least the 2 assignment views, got \(viewCount)")
        self.encoder = encoder
        projector = Sequential([Linear(encoder.featureCount, hidden, rng: &rng), BatchNorm1d(hidden), ReLU(),
                                Linear(hidden, outDim, rng: &rng)])
        prototypes = Linear(outDim, prototypeCount, bias: false, rng: &rng)
        queue = Variable(Tensor.zeros([2, queueLength, outDim]))
        self.viewCount = viewCount
        self.temperature = temperature
        self.epsilon = epsilon
        self.sinkhornIterations = sinkhornIterations
        self.queueStartEpoch = queueStartEpoch
        self.freezePrototypeEpochs = freezePrototypeEpochs
    }

    public var backboneVariables: [NamedVariable] { prefixed("encoder", encoder.namedVariables) }
    public var namedVariables: [NamedVariable] {
        backboneVariables + prefixed("projector", projector.namedVariables) + prefixed("prototypes", prototypes.namedVariables)
    }
    public var auxiliaryState: [NamedVariable] { [NamedVariable("queue", queue, .buffer)] }

    /// Fraction of the queue's slots holding an embedding (0 without a queue), for training logs.
    public var queueFill: Double {
        let (length, dim) = (queue.shape[1], queue.shape[2])
        guard length > 0 else { return 0 }
        // Slots fill front to back, so the filled ones are those before the first all-zero row of view 0.
        let q = queue.value.scalars
        let filled = (0..<length).first { r in (0..<dim).allSatisfy { q[r * dim + $0] == 0 } } ?? length
        return Double(filled) / Double(length)
    }

    /// Rescales every prototype to unit length (no gradient).
    public func normalizePrototypes() {
        let w = prototypes.weight
        w.value = withoutGrad { l2Normalize(Variable(w.value), axis: 1).value }
    }

    public func loss(views: [Tensor], progress: TrainingProgress, _ ctx: inout ForwardContext) -> Variable {
        require(views.count == viewCount, "SwAV: needs \(viewCount) views, got \(views.count)")
        let b = views[0].shape[0]
        for v in views { require(v.shape == views[0].shape, "SwAV: views must share one shape, got \(views.map(\.shape))") }
        normalizePrototypes()
        let x = viewVariable(Tensor(shape: [viewCount * b] + views[0].shape.dropFirst(),
                                    scalars: views.flatMap(\.scalars)), method: "SwAV")
        let h = ctx.apply(projector, named: "projector", to: ctx.apply(encoder, named: "encoder", to: x))
        let embedding = l2Normalize(h, axis: 1)
        let scores = ctx.apply(prototypes, named: "prototypes", to: embedding)

        let queueActive = queue.shape[1] > 0 && progress.epoch >= queueStartEpoch
        var queued: [Tensor?] = [nil, nil]
        for crop in 0..<2 where queueActive {
            let stored = TensorMath.sliceAxis(queue.value, axis: 0, range: crop..<(crop + 1)).reshaped([queue.shape[1], queue.shape[2]])
            // The reference starts using its queue once the oldest slot holds an embedding.
            if stored.scalars.suffix(queue.shape[2]).contains(where: { $0 != 0 }) {
                queued[crop] = withoutGrad { matmul(Variable(stored), transpose(prototypes.weight, 0, 1)).value }
            }
            pushToQueue(crop: crop, embeddings: TensorMath.sliceAxis(embedding.value, axis: 0, range: (crop * b)..<((crop + 1) * b)))
        }
        return swavLoss(scores: scores, viewCount: viewCount, queuedScores: queued, temperature: temperature,
                        epsilon: epsilon, sinkhornIterations: sinkhornIterations)
    }

    /// Shifts the queue of assignment view `crop` by one batch and stores `embeddings` in front.
    private func pushToQueue(crop: Int, embeddings: Tensor) {
        let (length, dim) = (queue.shape[1], queue.shape[2])
        let b = embeddings.shape[0]
        require(length % b == 0, "SwAV: queue length \(length) must be a multiple of the batch size \(b)")
        var values = queue.value
        let base = crop * length * dim
        values.scalars.withUnsafeMutableBufferPointer { q in
            for i in stride(from: length * dim - 1, through: b * dim, by: -1) { q[base + i] = q[base + i - b * dim] }
            for i in 0..<(b * dim) { q[base + i] = embeddings.scalars[i] }
        }
        queue.value = values
    }

    /// Drops the prototypes' gradient during the frozen epochs.
    public func afterBackward(progress: TrainingProgress) {
        if progress.epoch < freezePrototypeEpochs { prototypes.weight.grad = nil }
    }
}

/// The SwAV swapped-prediction loss for prototype `scores` [V·B, K] (view-major rows): views 0
/// and 1 get Sinkhorn assignments of their (detached) scores, preceded by `queuedScores[v]` when
/// given; each other view's softmax(scores/temperature) predicts them by cross-entropy. Per
/// assignment view the V − 1 terms are summed and divided by V (the reference's normalisation),
/// then the two assignment views are averaged.
public func swavLoss(scores: Variable, viewCount: Int, queuedScores: [Tensor?] = [nil, nil], temperature: Float,
                     epsilon: Double, sinkhornIterations: Int) -> Variable {
    require(scores.value.rank == 2 && scores.shape[0] % viewCount == 0,
                 "SwAV loss: scores \(scores.shape) must be [views · batch, prototypes] for \(viewCount) views")
    let b = scores.shape[0] / viewCount
    let logProbabilities = logSoftmax(scale(scores, 1 / temperature), axis: 1)
    var total: Variable?
    for crop in 0..<2 {
        var out = TensorMath.sliceAxis(scores.value, axis: 0, range: (crop * b)..<((crop + 1) * b))
        if let q = queuedScores[crop] {
            out = Tensor(shape: [q.shape[0] + b, out.shape[1]], scalars: q.scalars + out.scalars)
        }
        let assignment = Sinkhorn.assignments(out, epsilon: epsilon, iterations: sinkhornIterations)
        let q = Variable(TensorMath.sliceAxis(assignment, axis: 0, range: (assignment.shape[0] - b)..<assignment.shape[0]))
        for v in 0..<viewCount where v != crop {
            let lp = slice(logProbabilities, axis: 0, range: (v * b)..<((v + 1) * b))
            let ce = scale(sum(q * lp), -1 / Float(b * viewCount))
            total = total.map { $0 + ce } ?? ce
        }
    }
    return scale(total!, 0.5)
}
