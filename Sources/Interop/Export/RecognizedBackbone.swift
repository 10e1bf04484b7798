import Models
import TensorCore

/// The representation network that a checkpoint's tensor shapes (under this project's names)
/// describe: an xresnet1d encoder (`encoder.features.*`) or a CPC encoder + context network
/// (`encoder.*`, `rnn.*`), rebuilt with fresh values for the caller to load.
///
/// The shapes say how the model was configured (kernel size and stage width of an xresnet;
/// encoder form, BatchNorm or bias, context network kind, width and depth of a CPC model). Every
/// size read from a shape is first checked against a tensor that grows with it as fast as the
/// model does, so a small file cannot make a huge model.
enum RecognizedBackbone {
    /// An xresnet1d and its depth.
    case xresnet(XResNetDepth, XResNet1d)
    /// A CPC model and the leads it reads.
    case cpc(CPCModel, leads: Int)

    /// Recognises the backbone in `shapes`; `source` names the file in errors. With `exact`, the
    /// backbone must be every tensor under its prefixes (one of our checkpoints); without, the
    /// backbone's tensors must be among them (a reference checkpoint renamed, whose other tensors
    /// the caller reports).
    init(shapes: [String: [Int]], exact: Bool, source: String) throws {
        func shape(_ name: String) -> [Int] { shapes[name] ?? [] }
        func matches(_ state: [NamedVariable], prefixes: [String]) -> Bool {
            let names = Set(state.map(\.name))
            let present = Set(shapes.keys.filter { name in prefixes.contains { name.hasPrefix($0) } })
            return (exact ? names == present : names.isSubset(of: present)) && state.allSatisfy { shapes[$0.name] == $0.variable.shape }
        }
        if shapes["encoder.features.0.0.weight"] != nil {
            self = try Self.xresnet(shape, matches, source: source)
        } else if shapes["rnn.weight_hh_l0"] != nil {
            self = try Self.cpc(shape, matches, hasTensor: { shapes[$0] != nil }, source: source)
        } else {
            throw InteropError("checkpoint '\(source)': no encoder found (expected 'encoder.features.0.0.weight' or 'rnn.weight_hh_l0')")
        }
    }

    /// The xresnet1d whose stem and first stage the shapes describe: the stem's first conv is
    /// [32, leads, k], its second [32, 32, k]; the first stage's k conv is [w, w, k] for the stage
    /// width w = int(64 · widen), as is every stage's. Each depth is tried; the one whose tensors
    /// match wrote the file.
    private static func xresnet(_ shape: (String) -> [Int], _ matches: ([NamedVariable], [String]) -> Bool,
                                source: String) throws -> RecognizedBackbone {
        let first = shape("encoder.features.0.0.weight"), stem = shape("encoder.features.1.0.weight")
        let stage = shape("encoder.features.4.0.convs.1.0.weight")
        guard first.count == 3, first[0] == 32, first[1] > 0, first[2] > 0, stem == [32, 32, first[2]],
              stage.count == 3, stage[0] > 0, stage == [stage[0], stage[0], first[2]] else {
            throw InteropError("checkpoint '\(source)': encoder.features.0.0.weight \(first), encoder.features.1.0.weight \(stem) and encoder.features.4.0.convs.1.0.weight \(stage) are not an xresnet1d's [32, leads, k], [32, 32, k] and [w, w, k]")
        }
        var rng = SeededGenerator(seed: 0)
        // A depth is built only when the last block of its third stage is in the file.
        for depth in XResNetDepth.allCases where shape("encoder.features.6.\(depth.blocks[2] - 1).convs.1.0.weight") == stage {
            let model = XResNet1d(depth: depth, inputChannels: first[1], kernelSize: first[2], widen: Double(stage[0]) / 64, rng: &rng)
            if matches(prefixed("encoder", model.namedVariables), ["encoder."]) { return .xresnet(depth, model) }
        }
        throw InteropError("checkpoint '\(source)': its encoder tensors match no xresnet1d depth of this project")
    }

    /// The CPC model that the backbone shapes describe: rnn.weight_hh_l0 is [gates · H, H] with 4
    /// gates for an LSTM and 3 for a GRU, and every further layer k has its rnn.weight_hh_l{k} of
    /// that shape; encoder.0.0.weight ([H, leads, kernel]) tells the encoder's form by its kernel
    /// and its block by whether BatchNorm tensors follow it (else the conv has a bias). Without
    /// encoder tensors the context network reads the leads directly, rnn.weight_ih_l0 being
    /// [gates · H, leads].
    private static func cpc(_ shape: (String) -> [Int], _ matches: ([NamedVariable], [String]) -> Bool,
                            hasTensor: (String) -> Bool, source: String) throws -> RecognizedBackbone {
        let recurrent = shape("rnn.weight_hh_l0"), input = shape("rnn.weight_ih_l0")
        guard recurrent.count == 2, recurrent[1] > 0, recurrent[0] == 4 * recurrent[1] || recurrent[0] == 3 * recurrent[1],
              input.count == 2, input[0] == recurrent[0], input[1] > 0 else {
            throw InteropError("checkpoint '\(source)': rnn.weight_hh_l0 \(recurrent) and rnn.weight_ih_l0 \(input) are not an LSTM's [4H, H] and [4H, I] or a GRU's [3H, H] and [3H, I]")
        }
        let hidden = recurrent[1], gru = recurrent[0] == 3 * hidden
        var layers = 1
        while shape("rnn.weight_hh_l\(layers)") == recurrent { layers += 1 }
        var rng = SeededGenerator(seed: 0)
        let model: CPCModel, leads: Int
        let first = shape("encoder.0.0.weight")
        if first.isEmpty {
            (model, leads) = (CPCModel(inputChannels: input[1], hidden: hidden, layers: layers, gru: gru, skipEncoder: true, rng: &rng), input[1])
        } else {
            guard first.count == 3, first[0] == hidden, first[1] > 0, input[1] == hidden,
                  let kind = CPCEncoderKind.allCases.first(where: { $0.kernels.first == first[2] }) else {
                throw InteropError("checkpoint '\(source)': encoder.0.0.weight \(first) is not the first conv [\(hidden), leads, 1 or 10] of a CPC encoder feeding rnn.weight_ih_l0 \(input)")
            }
            model = CPCModel(encoderKind: kind, inputChannels: first[1], hidden: hidden, layers: layers, gru: gru,
                             batchNormEncoder: hasTensor("encoder.0.1.weight"), rng: &rng)
            leads = first[1]
        }
        guard matches(model.backboneState, ["encoder.", "rnn."]) else {
            throw InteropError("checkpoint '\(source)': its encoder and rnn tensors match no CPC model of this project")
        }
        return .cpc(model, leads: leads)
    }
}

extension CPCModel {
    /// The encoder's and context network's state under their checkpoint names.
    var backboneState: [NamedVariable] { prefixed("encoder", encoder.namedVariables) + prefixed("rnn", rnn.namedVariables) }
}
