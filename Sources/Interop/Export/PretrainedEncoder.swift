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
    private let xresnet: XResNet1d?
    private let cpc: CPCModel?

    /// Loads the backbone tensors of the safetensors checkpoint at `url`.
    ///
    /// The shapes say how the model was configured (kernel size and stage width of an xresnet;
    /// encoder form, BatchNorm or bias, context network kind, width and depth of a CPC model), so
    /// the encoder is rebuilt from them and then must match the file name for name and shape.
    public init(checkpoint url: URL) throws {
        let archive = try Safetensors.read(url)
        let names = Set(archive.tensors.keys)
        var rng = SeededGenerator(seed: 0)
        if let first = archive.tensors["encoder.features.0.0.weight"], first.shape.count == 3 {
            let backbone = names.filter { $0.hasPrefix("encoder.") }
            // A stage's first conv maps the stem's 64 channels to the stage width, int(64 · widen).
            let width = archive.tensors["encoder.features.4.0.convs.0.0.weight"]?.shape.first ?? 64
            for depth in XResNetDepth.allCases {
                let model = XResNet1d(depth: depth, inputChannels: first.shape[1], kernelSize: first.shape[2],
                                      widen: Double(width) / 64, rng: &rng)
                let state = prefixed("encoder", model.namedVariables)
                guard Set(state.map(\.name)) == backbone,
                      state.allSatisfy({ archive.tensors[$0.name]?.shape == $0.variable.shape }) else { continue }
                try ModelCheckpoint.load(archive, into: state, allowUnused: true, source: url.path)
                (architecture, inputChannels, xresnet, cpc) = (.xresnet1d(depth), first.shape[1], model, nil)
                return
            }
            throw InteropError("checkpoint '\(url.path)': its encoder tensors match no xresnet1d depth of this project")
        }
        guard let recurrent = archive.tensors["rnn.weight_hh_l0"], recurrent.shape.count == 2,
              let inputWeight = archive.tensors["rnn.weight_ih_l0"], inputWeight.shape.count == 2 else {
            throw InteropError("checkpoint '\(url.path)': no encoder found (expected 'encoder.features.0.0.weight' or 'rnn.weight_hh_l0')")
        }
        let model = try Self.cpcModel(archive, recurrent: recurrent.shape, inputWeight: inputWeight.shape, source: url.path, rng: &rng)
        let backbone = prefixed("encoder", model.encoder.namedVariables) + prefixed("rnn", model.rnn.namedVariables)
        guard Set(backbone.map(\.name)) == names.filter({ $0.hasPrefix("encoder.") || $0.hasPrefix("rnn.") }),
              backbone.allSatisfy({ archive.tensors[$0.name]?.shape == $0.variable.shape }) else {
            throw InteropError("checkpoint '\(url.path)': its encoder and rnn tensors match no CPC model of this project")
        }
        try ModelCheckpoint.load(archive, into: backbone, allowUnused: true, source: url.path)
        let leads = archive.tensors["encoder.0.0.weight"]?.shape[1] ?? inputWeight.shape[1]
        (architecture, inputChannels, xresnet, cpc) = (.cpc(model.encoderKind), leads, nil, model)
    }

    /// The CPC model that the backbone shapes describe: rnn.weight_hh_l0 is [gates · H, H] with
    /// 4 gates for an LSTM and 3 for a GRU, one rnn.weight_ih_l{k} per layer; encoder.0.0.weight's
    /// kernel tells the encoder's form, its BatchNorm (encoder.0.1.*) or bias which block it is, and
    /// no encoder tensors at all mean the context network reads the leads directly.
    private static func cpcModel(_ archive: SafetensorsArchive, recurrent: [Int], inputWeight: [Int], source: String,
                                 rng: inout SeededGenerator) throws -> CPCModel {
        let hidden = recurrent[1]
        guard hidden > 0, recurrent[0] == 4 * hidden || recurrent[0] == 3 * hidden else {
            throw InteropError("checkpoint '\(source)': rnn.weight_hh_l0 has shape \(recurrent), expected [4H, H] (LSTM) or [3H, H] (GRU)")
        }
        var layers = 1
        while archive.tensors["rnn.weight_ih_l\(layers)"] != nil { layers += 1 }
        guard let first = archive.tensors["encoder.0.0.weight"] else {
            return CPCModel(inputChannels: inputWeight[1], hidden: hidden, layers: layers, gru: recurrent[0] == 3 * hidden,
                            skipEncoder: true, rng: &rng)
        }
        guard first.shape.count == 3,
              let kind = CPCEncoderKind.allCases.first(where: { $0.kernels.first == first.shape[2] }) else {
            throw InteropError("checkpoint '\(source)': encoder.0.0.weight has shape \(first.shape), the first conv of no CPC encoder form (kernel 1 or 10)")
        }
        return CPCModel(encoderKind: kind, inputChannels: first.shape[1], hidden: hidden, layers: layers,
                        gru: recurrent[0] == 3 * hidden, batchNormEncoder: archive.tensors["encoder.0.1.weight"] != nil, rng: &rng)
    }

    /// Representations [B, features] of windows [B, leads, T], in evaluation mode.
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
