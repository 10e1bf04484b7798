import Datasets
import Foundation
import Models
import Pipeline
import TensorCore

/// Files the project writes itself and reads back: cache manifests, the preprocessed store,
/// training checkpoints; plus the Ribeiro/CODE HDF5 corpus (whose Swift side is fuzzed).
enum ProjectFileTargets {
    static let cacheKey = "ab" + String(repeating: "0", count: 62)

    /// A cache entry's `manifest.json`, verified in full against one artifact `a.bin` ("abc").
    static let manifest = FuzzTarget("manifest") { data in
        let cache = CacheStore(root: try FuzzInput.scratch())
        let artifacts = cache.artifacts(cacheKey)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: artifacts.appendingPathComponent("a.bin"))
        try data.write(to: cache.entry(cacheKey).appendingPathComponent("manifest.json"))
        _ = cache.manifest(cacheKey)
        _ = cache.verify(cacheKey, full: true)
    }

    /// `index.json`, NUL, `signals.npy` (a 4-row store's signal file when the second part is empty).
    static let store = FuzzTarget("store") { data in
        let (index, signals) = FuzzInput.split(data)
        let dir = try FuzzInput.scratch()
        try index.write(to: dir.appendingPathComponent(Store.indexFile))
        try (signals.isEmpty ? storeSignals(rows: 4) : signals).write(to: dir.appendingPathComponent(Store.signalFile))
        let store = try Store(directory: dir)
        for i in 0..<store.count { _ = store.signal(i) }
        for set in store.index.labelSets.keys {
            _ = try store.labelMatrix(set, records: try store.records(withLabelsIn: set))
        }
    }

    /// The signal file of a store with `rows` zero rows (128-byte header, as the store writes it).
    static func storeSignals(rows: Int) -> Data {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(Leads.count)), }"
        while 10 + dict.utf8.count + 1 < 128 { dict += " " }
        dict += "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)])
        d.append(contentsOf: Array(dict.utf8))
        d.append(Data(count: rows * Leads.count * 4))
        return d
    }

    /// A `training_state.safetensors` (its `training_state` metadata is the checkpoint's own
    /// JSON), resumed next to an empty model whose weights claim step 3.
    static let trainingState = FuzzTarget("training_state") { data in
        let dir = try FuzzInput.scratch()
        try data.write(to: dir.appendingPathComponent(TrainingCheckpoint.stateFile))
        try Safetensors.write(SafetensorsArchive(metadata: ["step": "3"]),
                              to: dir.appendingPathComponent(TrainingCheckpoint.modelFile))
        var trainer = Trainer(optimizer: Adam([]), schedule: ConstantSchedule(), totalSteps: 10, seed: 0)
        try TrainingCheckpoint.load(from: dir, model: [], auxiliary: [], trainer: &trainer)
    }

    /// `annotations/gold_standard.csv`, NUL, `ecg_tracings.hdf5`; listed, then the first records loaded.
    static let ribeiro = FuzzTarget("ribeiro") { data in
        let (labels, hdf5) = FuzzInput.split(data)
        let dir = try FuzzInput.scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("annotations"), withIntermediateDirectories: true)
        if !labels.isEmpty { try labels.write(to: dir.appendingPathComponent("annotations/gold_standard.csv")) }
        try hdf5.write(to: dir.appendingPathComponent("ecg_tracings.hdf5"))
        let reader = RibeiroReader(source: DirectorySource(root: dir))
        for item in try reader.items().prefix(4) { _ = try reader.load(item) }
    }
}
