import Foundation
import Models
import TensorCore

/// The representation network of one of this project's checkpoints (trained or imported),
/// recognised from its tensor names and shapes: an xresnet1d encoder (`encoder.features.*`,
/// 512-d concat-pooled features) or a CPC encoder + LSTM (`encoder.*`, `rnn.*`; a window's
/// representation is the mean of its 512-d context vectors over time).
public struct PretrainedEncoder {
    /// The recognised architecture, as Models names it.
    public let architecture: ModelName
    /// Leads the encoder expects.
    public let inputChannels: Int
    private let xresnet: XResNet1d?
    private let cpc: CPCModel?

    /// Loads the backbone tensors of the safetensors checkpoint at `url`.
    public init(checkpoint url: URL) throws {
        let archive = try Safetensors.read(url)
        let names = Set(archive.tensors.keys)
        guard let first = archive.tensors["encoder.features.0.0.weight"] ?? archive.tensors["encoder.0.0.weight"],
              first.shape.count == 3 else {
            throw InteropError("checkpoint '\(url.path)': no encoder found (expected 'encoder.features.0.0.weight' or 'encoder.0.0.weight')")
        }
        let leads = first.shape[1]
        var rng = SeededGenerator(seed: 0)
        // Try every architecture of that family; the one whose backbone names and shapes all
        // match the file is the one that wrote it.
        if names.contains("encoder.features.0.0.weight") {
            for depth in XResNetDepth.allCases {
                let model = XResNet1d(depth: depth, inputChannels: leads, kernelSize: first.shape[2], rng: &rng)
                let state = prefixed("encoder", model.namedVariables)
                guard Set(state.map(\.name)) == names.filter({ $0.hasPrefix("encoder.") }) else { continue }
                try ModelCheckpoint.load(archive, into: state, allowUnused: true, source: url.path)
                (architecture, inputChannels, xresnet, cpc) = (.xresnet1d(depth), leads, model, nil)
                return
            }
        } else {
            for kind in CPCEncoderKind.allCases {
                let model = CPCModel(encoderKind: kind, inputChannels: leads, rng: &rng)
                let backbone = prefixed("encoder", model.encoder.namedVariables) + prefixed("rnn", model.rnn.namedVariables)
                guard Set(backbone.map(\.name)) == names.filter({ $0.hasPrefix("encoder.") || $0.hasPrefix("rnn.") }),
                      backbone.allSatisfy({ archive.tensors[$0.name]?.shape == $0.variable.shape }) else { continue }
                try ModelCheckpoint.load(archive, into: backbone, allowUnused: true, source: url.path)
                (architecture, inputChannels, xresnet, cpc) = (.cpc(kind), leads, nil, model)
                return
            }
        }
        throw InteropError("checkpoint '\(url.path)': its encoder tensors match no xresnet1d depth or CPC encoder of this project")
    }

    /// Representations [B, 512] of windows [B, leads, T], in evaluation mode.
    public func features(_ windows: Tensor) throws -> Tensor {
        guard windows.rank == 3, windows.shape[1] == inputChannels else {
            throw InteropError("encoder: windows must be [batch, \(inputChannels), time], got \(windows.shape)")
        }
        var ctx = ForwardContext(training: false)
        if let xresnet { return xresnet(Variable(windows), &ctx).value }
        let context = cpc!.context(cpc!.encode(Variable(windows), &ctx), &ctx).value // [B, T', F]
        let (b, t, f) = (context.shape[0], context.shape[1], context.shape[2])
        var mean = [Float](repeating: 0, count: b * f)
        for i in 0..<b {
            for s in 0..<t { for k in 0..<f { mean[i * f + k] += context.scalars[(i * t + s) * f + k] } }
        }
        return Tensor(shape: [b, f], scalars: mean.map { $0 / Float(t) })
    }
}
