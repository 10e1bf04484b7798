import Foundation
import TensorCore

/// A checkpoint does not fit the model it is loaded into; the message names the tensor(s).
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The file (or archive) concerned.
    public let source: String
    /// What does not fit.
    public let reason: String
    public var description: String { "\(source): \(reason)" }
}

/// Model weights as safetensors files under PyTorch-style names (what `load_state_dict` expects).
public enum ModelCheckpoint {
    /// The archive of `state`: float32 tensors, counters as int64 scalars.
    public static func archive(_ state: [NamedVariable], metadata: [String: String] = [:]) -> SafetensorsArchive {
        var tensors: [String: SafetensorsTensor] = [:]
        for entry in state {
            require(tensors[entry.name] == nil, "checkpoint: duplicate tensor name '\(entry.name)'")
            switch entry.kind {
            case .counter:
                tensors[entry.name] = .int64(shape: entry.variable.shape, values: entry.variable.value.scalars.map { Int64($0) })
            case .parameter, .buffer:
                tensors[entry.name] = .float32(entry.variable.value)
            }
        }
        return SafetensorsArchive(tensors: tensors, metadata: metadata)
    }

    /// Writes `state` to `url` (temporary file renamed into place).
    public static func save(_ state: [NamedVariable], to url: URL, metadata: [String: String] = [:]) throws {
        try Safetensors.write(archive(state, metadata: metadata), to: url)
    }

    /// Loads the file at `url` into `state`; see `load(_:into:allowUnused:source:)`.
    public static func load(_ url: URL, into state: [NamedVariable], allowUnused: Bool = false) throws {
        try load(Safetensors.read(url), into: state, allowUnused: allowUnused, source: url.path)
    }

    /// Copies every tensor of `state` from `archive`, after checking all of them first so a failed
    /// load changes nothing. Fails naming the tensor when one is missing or has another shape
    /// (both shapes given), and, unless `allowUnused`, when the archive holds tensors the model lacks.
    public static func load(_ archive: SafetensorsArchive, into state: [NamedVariable], allowUnused: Bool = false,
                            source: String = "checkpoint") throws {
        var problems: [String] = []
        for entry in state {
            guard let t = archive.tensors[entry.name] else { problems.append("tensor '\(entry.name)' is missing"); continue }
            if t.shape != entry.variable.shape {
                problems.append("tensor '\(entry.name)' has shape \(t.shape) in the file but \(entry.variable.shape) in the model")
            }
        }
        if !allowUnused {
            let known = Set(state.map(\.name))
            for name in archive.tensors.keys.sorted() where !known.contains(name) {
                problems.append("tensor '\(name)' is not part of the model")
            }
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(5).joined(separator: "; ")
            throw CheckpointError(source: source, reason: problems.count > 5 ? "\(shown); … (\(problems.count) problems)" : shown)
        }
        for entry in state { entry.variable.value = archive.tensors[entry.name]!.floatTensor }
    }

    /// The subset of `state` whose names start with `prefix.`, renamed without it (e.g. the
    /// `encoder.*` tensors of a pretraining checkpoint).
    public static func strip(prefix: String, from state: [NamedVariable]) -> [NamedVariable] {
        state.compactMap { $0.name.hasPrefix(prefix + ".") ? NamedVariable(String($0.name.dropFirst(prefix.count + 1)), $0.variable, $0.kind) : nil }
    }
}
