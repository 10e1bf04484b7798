import Augment
import Datasets
import ExperimentSpec
import Foundation
import TensorCore

/// What training stages share about their data: normalisation, augmentation, view batches.
enum TrainingData {
    static func normalization(normalize: Bool) -> LeadNormalization? { normalize ? .ptbxl : nil }

    /// The augmentation pipeline of the spec's trafos, in order.
    static func augmentation(_ trafos: [TransformSpec]) throws -> AugmentationPipeline {
        try AugmentationPipeline(steps: trafos.map { t in
            TransformStep(t.name, t.parameters.mapValues(\.augmentParameter))
        })
    }

    /// `count` views of the batch x [B, C, T]: augmented copies, or x itself without augmentation (CPC).
    static func views(of x: Tensor, augmentation: AugmentationPipeline?, count: Int,
                      rng: inout SeededGenerator) throws -> [Tensor] {
        guard let augmentation else { return Array(repeating: x, count: count) }
        return split(try augmentation.views(of: x, count: count, rng: &rng))
    }

    /// Splits views [V, B, C, T] into V batches [B, C, T].
    static func split(_ views: Tensor) -> [Tensor] {
        let v = views.shape[0], inner = Array(views.shape.dropFirst()), n = inner.reduce(1, *)
        return (0..<v).map { i in Tensor(shape: inner, scalars: Array(views.scalars[(i * n)..<((i + 1) * n)])) }
    }
}

/// One window of one of several stores.
struct CorpusWindow: Codable, Equatable {
    var corpus: Int
    var record: Int
    var start: Int
}

/// Windows drawn across several pretraining corpora and batched back out of their stores.
struct CorpusSampler {
    let stores: [Store]
    let train: [[Int]]
    let validation: [[Int]]
    let length: Int
    let normalization: LeadNormalization?

    /// Splits each corpus into train (all folds but the highest) and validation (the highest fold,
    /// when the corpus has at least two folds), keeping `percentage` of the train records;
    /// `filterCinc` first drops a CinC corpus's PTB and PTB-XL records (docs/method.md §1.2).
    init(stores: [Store], length: Int, percentage: Double, filterCinc: Bool, normalization: LeadNormalization?,
         rng: inout SeededGenerator) throws {
        self.stores = stores
        self.length = length
        self.normalization = normalization
        var train: [[Int]] = [], val: [[Int]] = []
        for s in stores {
            let usable = s.index.records.indices.filter { i in
                let r = s.index.records[i]
                return r.length >= length && !(filterCinc && s.index.isCinCPTBRecord(r))
            }
            let folds = Set(usable.map { s.index.records[$0].fold })
            let valFold = folds.count >= 2 ? folds.max() : nil
            var t = usable.filter { s.index.records[$0].fold != valFold }
            if percentage < 1 {
                let keep = max(1, Int((percentage * Double(t.count)).rounded(.up)))
                t = rng.permutation(t.count).prefix(keep).sorted().map { t[$0] }
            }
            train.append(t)
            val.append(usable.filter { s.index.records[$0].fold == valFold })
        }
        guard train.contains(where: { !$0.isEmpty }) else {
            throw PipelineError.badInput("no pretraining record is at least \(length) samples long")
        }
        self.train = train
        self.validation = val
    }

    /// One random window per record of `records`, shuffled across corpora.
    func windows(_ records: [[Int]], rng: inout SeededGenerator) -> [CorpusWindow] {
        var all: [CorpusWindow] = []
        for (c, s) in stores.enumerated() {
            all += s.randomWindows(records: records[c], length: length, rng: &rng)
                .map { CorpusWindow(corpus: c, record: $0.record, start: $0.start) }
        }
        return rng.permutation(all.count).map { all[$0] }
    }

    /// The lead-major batch [B, 12, length] of `windows`.
    func batch(_ windows: ArraySlice<CorpusWindow>) -> Tensor {
        var scalars: [Float] = []
        scalars.reserveCapacity(windows.count * 12 * length)
        var order: [CorpusWindow] = []
        for c in stores.indices {
            let mine = windows.filter { $0.corpus == c }
            if mine.isEmpty { continue }
            let b = stores[c].batch(mine.map { WindowRef(record: $0.record, start: $0.start) }, length: length,
                                    normalization: normalization)
            scalars += b.signals.scalars
            order += mine
        }
        return Tensor(shape: [windows.count, 12, length], scalars: scalars)
    }
}
