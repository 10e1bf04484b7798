import Foundation
import Interop
import Models

/// Tensor files: safetensors checkpoints and numpy arrays.
enum TensorFileTargets {
    /// Decodes, then loads into an empty model (every tensor "unused"), as `ModelCheckpoint` does.
    static let safetensors = FuzzTarget("safetensors") { data in
        let archive = try Safetensors.decode([UInt8](data), path: "fuzz.safetensors")
        for t in archive.tensors.values { _ = t.floatTensor }
        try ModelCheckpoint.load(archive, into: [], allowUnused: true, source: "fuzz.safetensors")
    }

    /// A checkpoint whose backbone `runexp export embeddings` recognises from its shapes.
    static let encoder = FuzzTarget("encoder") { data in
        let archive = try Safetensors.decode([UInt8](data), path: "fuzz.safetensors")
        _ = try PretrainedEncoder(archive: archive, source: "fuzz.safetensors")
    }

    static let npy = FuzzTarget("npy") { data in
        let array = try NpyFormat.decode(data, name: "fuzz.npy")
        _ = try? array.tensor()
    }

    static let npz = FuzzTarget("npz") { data in
        let url = try FuzzInput.file("fuzz.npz", data)
        _ = try NpzArchive.read(url)
    }
}
