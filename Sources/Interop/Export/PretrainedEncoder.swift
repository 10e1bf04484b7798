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

    /// Recognises the backbone in a decoded checkpoint; `source` names it in errors.
    ///
    /// The shapes say how the model was configured (kernel size and stage width of an xresnet;
    /// encoder form, BatchNorm or bias, context network kind, width and depth of a CPC model), so
    /// the encoder is rebuilt from them and then must match the file name for name and shape.
    /// Every size read from a shape is first checked against a tensor of the file that grows with
    /// it as fast as the model does, so a small file cannot make a huge model.
    public init(archive: SafetensorsArchive, source: String) throws {
        if archive.tensors["encoder.features.0.0.weight"] != nil {
            let (depth, model) = try Self.xresnet(archive, source: source)
            (architecture, inputChannels, backbone) = (.xresnet1d(depth), model.inputChannels, .xresnet(model))
            return
        }
        guard archive.tensors["rnn.weight_hh_l0"] != nil else {
            throw InteropError("checkpoint '\(source)': no encoder found (expected 'encoder.features.0.0.weight' or 'rnn.weight_hh_l0')")
        }
        let (model, leads) = try Self.cpc(archive, source: source)
        (architecture, inputChannels, backbone) = (.cpc(model.encoderKind), leads, .cpc(model))
    }

    /// The xresnet1d whose stem and first stage the shapes describe: the stem's first conv is
    /// [32, leads, k], its second [32, 32, k]; the first stage's k conv is [w, w, k] for the stage
    /// width w = int(64 · widen), as is every stage's. Each depth is tried; the one matching every
    /// tensor wrote the file.
    private static func xresnet(_ archive: SafetensorsArchive, source: String) throws -> (XResNetDepth, XResNet1d) {
        let first = shape(archive, "encoder.features.0.0.weight"), stem = shape(archive, "encoder.features.1.0.weight")
        let stage = shape(archive, "encoder.features.4.0.convs.1.0.weight")
        guard first.count == 3, first[0] == 32, first[1] > 0, first[2] > 0, stem == [32, 32, first[2]],
              stage.count == 3, stage[0] > 0, stage == [stage[0], stage[0], first[2]] else {
            throw InteropError("checkpoint '\(source)': encoder.features.0.0.weight \(first), encoder.features.1.0.weight \(stem) and encoder.features.4.0.convs.1.0.weight \(stage) are not an xresnet1d's [32, leads, k], [32, 32, k] and [w, w, k]")
        }
        var rng = SeededGenerator(seed: 0)
        // A depth is built only when the last block of its third stage is in the file.
        for depth in XResNetDepth.allCases where shape(archive, "encoder.features.6.\(depth.blocks[2] - 1).convs.1.0.weight") == stage {
            let model = XResNet1d(depth: depth, inputChannels: first[1], kernelSize: first[2], widen: Double(stage[0]) / 64, rng: &rng)
            let state = prefixed("encoder", model.namedVariables)
            guard isExactly(state, in: archive, prefixes: ["encoder."]) else { continue }
            try ModelCheckpoint.load(archive, into: state, allowUnused: true, source: source)
            return (depth, model)
        }
        throw InteropError("checkpoint '\(source)': its encoder tensors match no xresnet1d depth of this project")
    }

    /// The CPC model that the backbone shapes describe, and its leads: rnn.weight_hh_l0 is
    /// [gates · H, H] with 4 gates for an LSTM and 3 for a GRU, and every further layer k has its
    /// rnn.weight_hh_l{k} of that shape; encoder.0.0.weight ([H, leads, kernel]) tells the
    /// encoder's form by its kernel and its block by whether BatchNorm tensors follow it (else
    /// the conv has a bias). Without encoder tensors the context network reads the leads
    /// directly, rnn.weight_ih_l0 being [gates · H, leads].
    private static func cpc(_ archive: SafetensorsArchive, source: String) throws -> (CPCModel, Int) {
        let recurrent = shape(archive, "rnn.weight_hh_l0"), input = shape(archive, "rnn.weight_ih_l0")
        guard recurrent.count == 2, recurrent[1] > 0, recurrent[0] == 4 * recurrent[1] || recurrent[0] == 3 * recurrent[1],
              input.count == 2, input[0] == recurrent[0], input[1] > 0 else {
            throw InteropError("checkpoint '\(source)': rnn.weight_hh_l0 \(recurrent) and rnn.weight_ih_l0 \(input) are not an LSTM's [4H, H] and [4H, I] or a GRU's [3H, H] and [3H, I]")
        }
        let hidden = recurrent[1], gru = recurrent[0] == 3 * hidden
        var layers = 1
        while shape(archive, "rnn.weight_hh_l\(layers)") == recurrent { layers += 1 }
        var rng = SeededGenerator(seed: 0)
        let model: CPCModel, leads: Int
        let first = shape(archive, "encoder.0.0.weight")
        if first.isEmpty {
            (model, leads) = (CPCModel(inputChannels: input[1], hidden: hidden, layers: layers, gru: gru, skipEncoder: true, rng: &rng), input[1])
        } else {
            guard first.count == 3, first[0] == hidden, first[1] > 0, input[1] == hidden,
                  let kind = CPCEncoderKind.allCases.first(where: { $0.kernels.first == first[2] }) else {
                throw InteropError("checkpoint '\(source)': encoder.0.0.weight \(first) is not the first conv [\(hidden), leads, 1 or 10] of a CPC encoder feeding rnn.weight_ih_l0 \(input)")
            }
            model = CPCModel(encoderKind: kind, inputChannels: first[1], hidden: hidden, layers: layers, gru: gru,
                             batchNormEncoder: archive.tensors["encoder.0.1.weight"] != nil, rng: &rng)
            leads = first[1]
        }
        let backbone = prefixed("encoder", model.encoder.namedVariables) + prefixed("rnn", model.rnn.namedVariables)
        guard isExactly(backbone, in: archive, prefixes: ["encoder.", "rnn."]) else {
            throw InteropError("checkpoint '\(source)': its encoder and rnn tensors match no CPC model of this project")
        }
        try ModelCheckpoint.load(archive, into: backbone, allowUnused: true, source: source)
        return (model, leads)
    }

    /// A tensor's shape, [] when the file lacks it.
    private static func shape(_ archive: SafetensorsArchive, _ name: String) -> [Int] { archive.tensors[name]?.shape ?? [] }

    /// Whether `state` is, name for name and shape for shape, the file's tensors under `prefixes`.
    private static func isExactly(_ state: [NamedVariable], in archive: SafetensorsArchive, prefixes: [String]) -> Bool {
        Set(state.map(\.name)) == Set(archive.tensors.keys.filter { name in prefixes.contains { name.hasPrefix($0) } })
            && state.allSatisfy { archive.tensors[$0.name]?.shape == $0.variable.shape }
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
