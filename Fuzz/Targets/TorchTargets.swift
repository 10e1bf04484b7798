import Foundation
import Interop

/// PyTorch checkpoints: the pickle VM alone, and whole `torch.save` zips.
enum TorchTargets {
    /// Storages "0"…"3" exist with 16 float32 each, so tensors can be rebuilt from them.
    static let pickle = FuzzTarget("pickle") { data in
        let storages = Dictionary(uniqueKeysWithValues: (0..<4).map { (String($0), Data(count: 64)) })
        _ = try TorchPickle.decode(data, name: "fuzz.pkl", storages: storages)
    }

    static let checkpoint = FuzzTarget("torch_checkpoint") { data in
        let url = try FuzzInput.file("fuzz.pt", data)
        _ = try TorchCheckpoint(url: url).stateDict()
    }
}
