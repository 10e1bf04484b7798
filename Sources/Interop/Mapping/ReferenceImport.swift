import TensorCore

/// The pretraining methods whose reference checkpoints can be imported.
public enum ReferenceMethod: String, CaseIterable, Sendable {
    case simclr, byol, swav, cpc

    /// The reference module the encoder tensors hang under, found by these anchor names.
    var anchors: [String] {
        self == .cpc ? ["encoder.0.0.weight", "rnn.weight_ih_l0"] : ["features.0.0.weight"]
    }
}

/// Reference tensors renamed to this project's names, ready to write as our checkpoint.
public struct ReferenceImport: Equatable {
    /// Tensors under our names.
    public let tensors: [String: Tensor]
    /// The wrapper prefix that was stripped (e.g. `encoder.` in a SimCLR Lightning checkpoint).
    public let prefix: String
    /// Reference names that have no counterpart here (reported, not written).
    public let ignored: [String]
    /// Alias names (`convpath.0.*`) folded into their equal `convs.*` twins.
    public let foldedAliases: Int
}

/// Maps the reference implementation's state-dict names (Tests/Fixtures/reference_state_dict_names.json)
/// to ours: xresnet1d50 `features.*` → `encoder.features.*` (SimCLR's `l1`/`l2` → `projector.0`/
/// `projector.2`), CPC `encoder.*`, `rnn.*`, `proj.*` unchanged.
public enum ReferenceNameMapper {
    /// Renames and validates `source` (a checkpoint's tensors by dotted name).
    /// - Parameters:
    ///   - required: our names and shapes that must all be present (the method's backbone).
    ///   - optional: further names that are written when the checkpoint has them (heads).
    ///   - checkpoint: names the file in errors.
    public static func map(_ source: [String: TorchTensor], method: ReferenceMethod,
                           required: [String: [Int]], optional: [String: [Int]] = [:],
                           checkpoint: String) throws -> ReferenceImport {
        try map(source, method: method, checkpoint: checkpoint) { _ in (required, optional) }
    }

    /// Renames and validates `source` against the names and shapes `expecting` derives from the
    /// renamed tensors' shapes (so the model can be recognised from the checkpoint first).
    static func map(_ source: [String: TorchTensor], method: ReferenceMethod, checkpoint: String,
                    expecting: ([String: [Int]]) -> (required: [String: [Int]], optional: [String: [Int]])) throws -> ReferenceImport {
        let prefix = try findPrefix(source.keys, method: method, checkpoint: checkpoint)
        var module: [String: Tensor] = [:]
        for (name, value) in source where name.hasPrefix(prefix) {
            module[String(name.dropFirst(prefix.count))] = value.tensor
        }
        let (canonical, folded) = try foldAliases(module, checkpoint: checkpoint, prefix: prefix)
        var shapes: [String: [Int]] = [:]
        for (name, tensor) in canonical { if let ours = ourName(for: name, method: method) { shapes[ours] = tensor.shape } }
        let (required, optional) = expecting(shapes)

        var mapped: [String: Tensor] = [:]
        var ignored: [String] = []
        for (name, tensor) in canonical {
            guard let ours = ourName(for: name, method: method), required[ours] != nil || optional[ours] != nil else {
                ignored.append(prefix + name)
                continue
            }
            let expected = required[ours] ?? optional[ours]!
            guard tensor.shape == expected else {
                throw InteropError("checkpoint '\(checkpoint)': tensor '\(prefix + name)' (our '\(ours)') has shape \(tensor.shape), the \(method.rawValue) model needs \(expected)")
            }
            mapped[ours] = tensor
        }
        let missing = required.keys.filter { mapped[$0] == nil }.sorted()
        guard missing.isEmpty else {
            let shown = missing.prefix(5).joined(separator: ", ")
            throw InteropError("checkpoint '\(checkpoint)': \(missing.count) tensor(s) of the \(method.rawValue) model are missing under prefix '\(prefix)', e.g. \(shown)")
        }
        return ReferenceImport(tensors: mapped, prefix: prefix, ignored: ignored.sorted(), foldedAliases: folded)
    }

    /// The reference module's prefix inside the checkpoint: Lightning wraps it (`encoder.`,
    /// `online_network.encoder.`, `model.`...). BYOL also holds a target copy, which is skipped.
    static func findPrefix(_ names: Dictionary<String, TorchTensor>.Keys, method: ReferenceMethod, checkpoint: String) throws -> String {
        let first = method.anchors[0]
        let candidates = names.filter { $0.hasSuffix(first) }.map { String($0.dropLast(first.count)) }
            .filter { p in p.isEmpty || p.hasSuffix(".") }
            .filter { p in method.anchors.allSatisfy { names.contains(p + $0) } }
            .sorted()
        let preferred = candidates.count > 1 ? candidates.filter { !$0.contains("target") } : candidates
        guard preferred.count == 1 else {
            if candidates.isEmpty {
                throw InteropError("checkpoint '\(checkpoint)': no \(method.rawValue) encoder found (no tensor named like '…\(first)'); is this a checkpoint of another method?")
            }
            throw InteropError("checkpoint '\(checkpoint)': ambiguous \(method.rawValue) encoder, found under prefixes \(candidates.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return preferred[0]
    }

    /// The reference's residual blocks list their convolutions twice (`convs.*` and
    /// `convpath.0.*`, the same modules). Equal twins fold into `convs.*`; differing ones fail.
    static func foldAliases(_ module: [String: Tensor], checkpoint: String, prefix: String) throws -> ([String: Tensor], Int) {
        var result: [String: Tensor] = [:]
        var folded = 0
        for (name, tensor) in module where !name.contains(".convpath.0.") { result[name] = tensor }
        for (name, tensor) in module where name.contains(".convpath.0.") {
            let twin = name.replacingOccurrences(of: ".convpath.0.", with: ".convs.")
            guard let existing = result[twin] else {
                result[twin] = tensor
                continue
            }
            guard existing.shape == tensor.shape else {
                throw InteropError("checkpoint '\(checkpoint)': alias '\(prefix + name)' has shape \(tensor.shape) but '\(prefix + twin)' has \(existing.shape)")
            }
            guard existing.scalars == tensor.scalars else {
                let delta = zip(existing.scalars, tensor.scalars).map { abs($0 - $1) }.max() ?? 0
                throw InteropError("checkpoint '\(checkpoint)': alias '\(prefix + name)' differs from '\(prefix + twin)' (max |difference| \(delta)); they must hold the same tensor")
            }
            folded += 1
        }
        return (result, folded)
    }

    /// Our name for a reference name (after the wrapper prefix), or nil if we have no counterpart.
    static func ourName(for name: String, method: ReferenceMethod) -> String? {
        switch method {
        case .cpc:
            return ["encoder.", "rnn.", "proj."].contains { name.hasPrefix($0) } ? name : nil
        case .simclr, .byol, .swav:
            if name.hasPrefix("features.") { return "encoder." + name }
            // ResNetSimCLR's l1/l2 have SimCLR's projection shapes (512→512→16); the other
            // methods train their own heads outside this module.
            if method == .simclr, name.hasPrefix("l1.") { return "projector.0." + name.dropFirst(3) }
            if method == .simclr, name.hasPrefix("l2.") { return "projector.2." + name.dropFirst(3) }
            return nil
        }
    }
}
