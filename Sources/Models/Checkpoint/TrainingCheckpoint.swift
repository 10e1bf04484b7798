import Foundation
import TensorCore

/// The files of a resumable training run: `model.safetensors` (the weights, PyTorch names) and
/// `training_state.safetensors` (optimizer moments `optimizer.*`, auxiliary state such as BYOL's
/// EMA target `target.*` or SwAV's queue, and in its metadata the random stream, epoch and step).
/// Both record the step, so a pair from different moments is refused.
public enum TrainingCheckpoint {
    /// Weights file name.
    public static let modelFile = "model.safetensors"
    /// Training-state file name.
    public static let stateFile = "training_state.safetensors"

    private struct Meta: Codable {
        var epoch: Int, step: Int, totalSteps: Int, optimizerSteps: Int
        var rng: SeededGenerator
    }

    /// Writes both files (each through a temporary file renamed into place).
    public static func save(to directory: URL, model: [NamedVariable], auxiliary: [NamedVariable], trainer: Trainer) throws {
        let p = trainer.progress
        let meta = Meta(epoch: p.epoch, step: p.step, totalSteps: p.totalSteps, optimizerSteps: trainer.optimizer.stepCount, rng: trainer.rng)
        let json = String(decoding: try JSONEncoder().encode(meta), as: UTF8.self)
        try ModelCheckpoint.save(model, to: directory.appendingPathComponent(modelFile), metadata: ["step": String(p.step)])
        var state = ModelCheckpoint.archive(auxiliary, metadata: ["step": String(p.step), "training_state": json])
        for (name, t) in trainer.optimizer.stateTensors() { state.tensors["optimizer.\(name)"] = .float32(t) }
        try Safetensors.write(state, to: directory.appendingPathComponent(stateFile))
    }

    /// Restores weights, auxiliary state, optimizer state, random stream and position.
    public static func load(from directory: URL, model: [NamedVariable], auxiliary: [NamedVariable], trainer: inout Trainer) throws {
        let modelURL = directory.appendingPathComponent(modelFile), stateURL = directory.appendingPathComponent(stateFile)
        let weights = try Safetensors.read(modelURL)
        let state = try Safetensors.read(stateURL)
        guard let json = state.metadata["training_state"],
              let meta = try? JSONDecoder().decode(Meta.self, from: Data(json.utf8)) else {
            throw CheckpointError(source: stateURL.path, reason: "metadata 'training_state' is missing or malformed")
        }
        guard weights.metadata["step"] == String(meta.step) else {
            throw CheckpointError(source: modelURL.path,
                                  reason: "weights are from step \(weights.metadata["step"] ?? "?") but the training state from step \(meta.step)")
        }
        let optimizerTensors = state.tensors.filter { $0.key.hasPrefix("optimizer.") }
        var auxiliaryArchive = state
        auxiliaryArchive.tensors = state.tensors.filter { !$0.key.hasPrefix("optimizer.") }
        try ModelCheckpoint.load(weights, into: model, source: modelURL.path)
        try ModelCheckpoint.load(auxiliaryArchive, into: auxiliary, source: stateURL.path)
        do {
            try trainer.optimizer.loadState(Dictionary(uniqueKeysWithValues: optimizerTensors.map {
                (String($0.key.dropFirst("optimizer.".count)), $0.value.floatTensor)
            }), stepCount: meta.optimizerSteps)
        } catch {
            throw CheckpointError(source: stateURL.path, reason: "\(error)")
        }
        trainer.progress = TrainingProgress(epoch: meta.epoch, step: meta.step, totalSteps: meta.totalSteps)
        trainer.rng = meta.rng
    }
}
