import Foundation
import Models
import TensorCore

/// Imports a reference PyTorch checkpoint (`.pt` / Lightning `.ckpt`) as this project's
/// safetensors model checkpoint: read without executing code, renamed, shape-checked against the
/// method's model, then written atomically. Nothing is written unless every check passes.
public enum ReferenceCheckpointImporter {
    /// What an import produced, for the CLI's report.
    public struct Outcome {
        /// The renaming details (prefix, ignored names, folded aliases).
        public let mapping: ReferenceImport
        /// Tensors written, under our names, in the model's order.
        public let written: [String]
    }

    /// The method's model state (names, shapes, kinds) with the part that must come from the
    /// checkpoint: the backbone for every method, plus CPC's projection (the reference has it).
    /// The backbone is the one the checkpoint's shapes describe (any xresnet1d depth, width and
    /// kernel; any CPC encoder form, width, depth and context network); when they describe none,
    /// the reference's own (xresnet1d50; CPC's FC encoder and 2-layer LSTM(512)), so that the
    /// tensor-by-tensor check names what differs from it.
    static func modelState(for method: ReferenceMethod, shapes: [String: [Int]], source: String) -> (state: [NamedVariable], required: Set<String>) {
        // Initial values are irrelevant: every written tensor is replaced by the checkpoint's.
        var rng = SeededGenerator(seed: 0)
        let recognized = try? RecognizedBackbone(shapes: shapes, exact: false, source: source)
        let model: any PretrainingMethod
        func encoder() -> XResNet1d {
            if case .xresnet(_, let model) = recognized { return model }
            return XResNet1d(depth: .d50, rng: &rng)
        }
        switch method {
        case .simclr: model = SimCLR(encoder: encoder(), rng: &rng)
        case .byol: model = BYOL(encoder: encoder(), rng: &rng)
        case .swav: model = SwAV(encoder: encoder(), rng: &rng)
        case .cpc:
            if case .cpc(let cpc, _) = recognized { model = CPC(model: cpc) } else { model = CPC(model: CPCModel(rng: &rng)) }
        }
        let required = method == .cpc ? model.namedVariables.map(\.name) : model.backboneVariables.map(\.name)
        return (model.namedVariables, Set(required))
    }

    /// Reads `source`, maps it for `method` and writes the safetensors checkpoint to `destination`.
    public static func importCheckpoint(from source: URL, method: ReferenceMethod, to destination: URL) throws -> Outcome {
        let checkpoint = try TorchCheckpoint(url: source)
        var state: [NamedVariable] = []
        let mapping = try ReferenceNameMapper.map(try checkpoint.stateDict(), method: method, checkpoint: source.path) { shapes in
            let model = modelState(for: method, shapes: shapes, source: source.path)
            state = model.state
            var required: [String: [Int]] = [:], optional: [String: [Int]] = [:]
            for entry in model.state {
                if model.required.contains(entry.name) { required[entry.name] = entry.variable.shape } else { optional[entry.name] = entry.variable.shape }
            }
            return (required, optional)
        }
        let present = state.filter { mapping.tensors[$0.name] != nil }
        for entry in present { entry.variable.value = mapping.tensors[entry.name]! }
        try ModelCheckpoint.save(present, to: destination, metadata: [
            "format": "ecgssl-model", "method": method.rawValue,
            "imported_from": source.lastPathComponent, "reference_prefix": mapping.prefix,
        ])
        return Outcome(mapping: mapping, written: present.map(\.name))
    }
}
