import Foundation
import Models
import TensorCore

/// The representation network of one of this project's checkpoints (trained or imported),
/// recognised from its tensor names and shapes: an xresnet1d encoder (`encoder.features.*`,
/// concat-pooled features) or a CPC encoder + context network (`encoder.*`, `rnn.*`; a window's
/// representation is the mean of its context vectors over time).
public struct PretrainedEncoder {
    /// The recognised architecture, as Models names it.
    public let architecture: ModelName
    /// Leads the encoder expects.
    public let inputChannels: Int
    private let backbone: Backbone

    private enum Backbone {
        case xresnet(XResNet1d)
        case cpc(CPCModel)
    }

    /// Loads the backbone tensors of the safetensors checkpoint at `url`.
    public init(checkpoint url: URL) throws {
        try self.init(archive: try Safetensors.read(url), source: url.path)
    }

    /// Recognises the backbone in a decoded checkpoint (`RecognizedBackbone`) and loads it;
    /// `source` names it in errors. The file's backbone tensors must be exactly the model's.
    public init(archive: SafetensorsArchive, source: String) throws {
        switch try RecognizedBackbone(shapes: archive.tensors.mapValues(\.shape), exact: true, source: source) {
        case .xresnet(let depth, let model):
            try ModelCheckpoint.load(archive, into: prefixed("encoder", model.namedVariables), allowUnused: true, source: source)
            (architecture, inputChannels, backbone) = (.xresnet1d(depth), model.inputChannels, .xresnet(model))
        case .cpc(let model, let leads):
            try ModelCheckpoint.load(archive, into: model.backboneState, allowUnused: true, source: source)
            (architecture, inputChannels, backbone) = (.cpc(model.encoderKind), leads, .cpc(model))
        }
    }

    /// Representations [B, features] of windows [B, leads, T], in evaluation mode.
    public func features(_ windows: Tensor) throws -> Tensor {
        guard windows.rank == 3, windows.shape[1] == inputChannels else {
            throw InteropError("encoder: windows must be [batch, \(inputChannels), time], got \(windows.shape)")
        }
        var ctx = ForwardContext(training: false)
        switch backbone {
        case .xresnet(let xresnet):
            return xresnet(Variable(windows), &ctx).value
        case .cpc(let cpc):
            let context = cpc.context(cpc.encode(Variable(windows), &ctx), &ctx).value // [B, T', F]
            let (b, t, f) = (context.shape[0], context.shape[1], context.shape[2])
            var mean = [Float](repeating: 0, count: b * f)
            for i in 0..<b {
                for s in 0..<t { for k in 0..<f { mean[i * f + k] += context.scalars[(i * t + s) * f + k] } }
            }
            return Tensor(shape: [b, f], scalars: mean.map { $0 / Float(t) })
        }
    }
}
