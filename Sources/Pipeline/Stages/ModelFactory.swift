import Datasets
import ExperimentSpec
import Models
import TensorCore

/// Builds the networks a spec names: the pretraining method and the downstream classifiers.
enum ModelFactory {
    static let leads = Leads.count

    /// A fresh xresnet encoder of the spec's depth and width.
    static func xresnet(_ model: ModelSpec, rng: inout SeededGenerator) throws -> XResNet1d {
        guard case .xresnet1d(let depth) = model.architecture else {
            throw PipelineError.badInput("architecture \(model.architecture) is not an xresnet")
        }
        return XResNet1d(depth: depth, inputChannels: leads, widen: model.widen, rng: &rng)
    }

    static func cpcOptions(_ model: ModelSpec) throws -> CPCOptions {
        guard let c = model.cpc else { throw PipelineError.badInput("model \(model.architecture) has no CPC options") }
        return c
    }

    static func cpcModel(_ model: ModelSpec, rng: inout SeededGenerator) throws -> CPCModel {
        let c = try cpcOptions(model)
        return CPCModel(encoderKind: c.fcEncoder ? .fullyConnected : .strided, inputChannels: leads,
                        hidden: c.hidden, layers: c.layers, gru: c.gru, mlp: c.mlp, projectionBias: c.bias,
                        batchNormEncoder: c.batchNormEncoder, skipEncoder: c.skipEncoder, rng: &rng)
    }

    /// The self-supervised method with its fresh networks.
    static func pretrainingMethod(_ method: Method, model: ModelSpec, pretrain p: PretrainSpec,
                                  rng: inout SeededGenerator) throws -> any PretrainingMethod {
        switch method {
        case .cpc:
            let c = try cpcOptions(model)
            return CPC(model: try cpcModel(model, rng: &rng), steps: c.stepsPredicted, negatives: c.negatives,
                       negativesFromSameSequenceOnly: c.negativesFromSameSequenceOnly)
        case .simclr:
            let enc = try xresnet(model, rng: &rng)
            return SimCLR(encoder: enc, outDim: p.outDim ?? 16, temperature: Float(p.temperature ?? 0.5), rng: &rng)
        case .byol:
            let enc = try xresnet(model, rng: &rng)
            return BYOL(encoder: enc, outDim: p.outDim ?? 16, baseTau: p.emaBase ?? 0.996, rng: &rng)
        case .swav:
            guard let s = p.swav else { throw PipelineError.badInput("method swav without swav settings") }
            let enc = try xresnet(model, rng: &rng)
            return SwAV(encoder: enc, viewCount: s.views, outDim: p.outDim ?? 128, prototypeCount: s.prototypes,
                        temperature: Float(p.temperature ?? 0.1), epsilon: s.sinkhornEpsilon,
                        sinkhornIterations: s.sinkhornIterations, queueLength: s.queueBatches * p.batchSize,
                        queueStartEpoch: s.queueStartEpoch, rng: &rng)
        case .supervised:
            throw PipelineError.badInput("method supervised has no pretraining")
        }
    }
}
