import Datasets
import Foundation
import TensorCore

/// Turns records into representations with a pretrained encoder: per window, and per record as
/// the mean over its evaluation windows (as predictions are aggregated in docs/method.md §2.1).
public struct EmbeddingExtractor {
    /// The encoder.
    public let encoder: PretrainedEncoder
    /// Window length and stride.
    public let windows: RecordWindows
    /// Windows per forward pass.
    public let batchSize: Int

    /// An extractor; `batchSize` bounds memory, not results.
    public init(encoder: PretrainedEncoder, windows: RecordWindows, batchSize: Int = 64) {
        self.encoder = encoder
        self.windows = windows
        self.batchSize = max(1, batchSize)
    }

    /// Features [windows, F] of a lead-major record [leads, T].
    public func windowFeatures(_ record: Tensor) throws -> Tensor {
        let batch = try windows.batch(record)
        let (count, leads, length) = (batch.shape[0], batch.shape[1], batch.shape[2])
        let stride = leads * length
        var rows: [Float] = []
        var features = 0
        for start in Swift.stride(from: 0, to: count, by: batchSize) {
            let n = min(batchSize, count - start)
            let chunk = Tensor(shape: [n, leads, length], scalars: Array(batch.scalars[(start * stride)..<((start + n) * stride)]))
            let out = try encoder.features(chunk)
            features = out.shape[1]
            rows += out.scalars
        }
        return Tensor(shape: [count, features], scalars: rows)
    }

    /// The export table of `records` of `store` (all when nil): mean window features, labels of
    /// `labelSet`, folds. Records shorter than one window fail naming the record.
    public func table(store: Store, labelSet: String, records: [Int]? = nil,
                      progress: ((Int, Int) -> Void)? = nil) throws -> EmbeddingTable {
        let chosen = records ?? Array(store.index.records.indices)
        let classes = try store.classes(labelSet)
        var ids: [String] = [], folds: [Int] = [], embeddings: [Float] = []
        var features = 0
        for (n, i) in chosen.enumerated() {
            let meta = store.index.records[i]
            let signal = store.signal(i) // time-major [T, 12]
            var leadMajor = [Float](repeating: 0, count: signal.count)
            let length = meta.length, leads = Leads.count
            for t in 0..<length { for c in 0..<leads { leadMajor[c * length + t] = signal[t * leads + c] } }
            let perWindow: Tensor
            do {
                perWindow = try windowFeatures(Tensor(shape: [leads, length], scalars: leadMajor))
            } catch let error as InteropError {
                throw InteropError("store '\(store.directory.path)' record \(meta.id): \(error.message)")
            }
            features = perWindow.shape[1]
            embeddings += meanOverRows(perWindow)
            ids.append(meta.id)
            folds.append(meta.fold)
            progress?(n + 1, chosen.count)
        }
        let labels = try store.labelMatrix(labelSet, records: chosen).scalars.map { $0 != 0 }
        return try EmbeddingTable(records: ids, embeddings: Tensor(shape: [ids.count, features], scalars: embeddings),
                                  classes: classes, labels: labels, folds: folds)
    }
}
