import Datasets
import Foundation
import TensorCore

/// A frozen encoder's features of every training window starting at a multiple of `stride`,
/// computed once: linear evaluation then trains its head for hundreds of epochs in seconds.
/// Each epoch's random crop picks one of a record's windows, so the crops are the reference's
/// uniform start positions on a grid of `stride` samples.
struct FeatureBank {
    /// Training records, in the order their windows are stored.
    let records: [Int]
    /// For record k of `records`, its windows' rows `offsets[k]..<offsets[k + 1]`.
    let offsets: [Int]
    /// Row-major [windows, width] features.
    let features: [Float]
    let width: Int

    /// Features of `records`' strided windows of `length` from `store`, `represent` mapping a
    /// [B, leads, length] batch to [B, width] without a tape.
    init(store: Store, records: [Int], length: Int, stride: Int, normalization: LeadNormalization?,
         represent: (Tensor) -> Tensor) {
        let windows = store.stridedWindows(records: records, length: length, stride: stride)
        var offsets = [0], counts: [Int: Int] = [:]
        for w in windows { counts[w.record, default: 0] += 1 }
        for r in records { offsets.append(offsets[offsets.count - 1] + (counts[r] ?? 0)) }
        var features: [Float] = []
        var width = 0
        for batch in store.batches(windows, size: 256, length: length, normalization: normalization) {
            let f = withoutGrad { represent(batch.signals) }
            width = f.shape[1]
            features += f.scalars
        }
        self.records = records
        self.offsets = offsets
        self.features = features
        self.width = width
    }

    /// One epoch's crops: records in a random order, each with one of its windows (row index).
    func epoch(rng: inout SeededGenerator) -> [(record: Int, row: Int)] {
        let usable = records.indices.filter { offsets[$0 + 1] > offsets[$0] }
        return rng.permutation(usable.count).map { k in
            let i = usable[k]
            return (records[i], rng.int(offsets[i]...(offsets[i + 1] - 1)))
        }
    }

    /// The features [B, width] of `rows`.
    func gather(_ rows: [Int]) -> Tensor {
        var out = [Float](repeating: 0, count: rows.count * width)
        for (b, r) in rows.enumerated() {
            for j in 0..<width { out[b * width + j] = features[r * width + j] }
        }
        return Tensor(shape: [rows.count, width], scalars: out)
    }
}
