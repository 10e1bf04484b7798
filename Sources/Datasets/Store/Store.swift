import Foundation
import TensorCore

/// A preprocessed dataset: one memory-mapped float32 file (time-major, rows × 12 leads, records
/// concatenated) plus its JSON index. This is the artifact the pipeline caches.
public struct Store: Sendable {
    /// File names inside a store directory.
    public static let signalFile = "signals.npy", indexFile = "index.json"

    /// The index: records, label sets, folds, sampling rate.
    public let index: StoreIndex
    /// The store directory.
    public let directory: URL
    private let mapping: MappedFile
    private let rows: Int

    /// Opens the store in `directory`, checking the index against the signal file.
    public init(directory: URL) throws {
        let indexPath = directory.appendingPathComponent(Self.indexFile).path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: indexPath)) } catch {
            throw DatasetError(file: indexPath, "cannot read store index (\(error.localizedDescription))")
        }
        let index: StoreIndex
        do { index = try JSONDecoder().decode(StoreIndex.self, from: data) } catch {
            throw DatasetError(file: indexPath, "malformed store index: \(error)")
        }
        try self.init(directory: directory, index: index)
    }

    /// Opens the store in `directory` whose index file holds `index` (the writer passes the index
    /// it just wrote rather than decoding it again), checking it against the signal file.
    init(directory: URL, index: StoreIndex) throws {
        self.directory = directory
        self.index = index
        let indexPath = directory.appendingPathComponent(Self.indexFile).path
        guard index.version == StoreIndex.currentVersion else {
            throw DatasetError(file: indexPath, "store version \(index.version), this build reads \(StoreIndex.currentVersion)")
        }
        let signalPath = directory.appendingPathComponent(Self.signalFile).path
        mapping = try MappedFile(path: signalPath)
        let (r, c) = try NPYHeader.parse(mapping.pointer, size: mapping.size, file: signalPath)
        // The row count is text in the header: bound it before multiplying.
        guard c == Leads.count, r >= 0, r <= Int.max / (4 * c), mapping.size == NPYHeader.size + r * c * 4 else {
            throw DatasetError(file: signalPath, "shape (\(r), \(c)) does not match the file size \(mapping.size)")
        }
        rows = r
        // offset + length could overflow for forged values: compare the length with what is left.
        for rec in index.records where rec.offset < 0 || rec.length < 0 || rec.offset > r || rec.length > r - rec.offset {
            throw DatasetError(file: indexPath, record: rec.id, "rows from \(rec.offset), \(rec.length) long, outside the signal file's \(r) rows")
        }
        for rec in index.records {
            for (set, ids) in rec.labels {
                guard let classes = index.labelSets[set], ids.allSatisfy({ $0 >= 0 && $0 < classes.count }) else {
                    throw DatasetError(file: indexPath, record: rec.id, "labels of set '\(set)' index outside its class list")
                }
            }
        }
    }

    /// Number of records.
    public var count: Int { index.records.count }

    /// Record `i`'s samples, time-major (`length` rows of 12 leads), valid while the store lives.
    public func signal(_ i: Int) -> UnsafeBufferPointer<Float> {
        let r = index.records[i]
        let base = (mapping.pointer + NPYHeader.size).assumingMemoryBound(to: Float.self)
        return UnsafeBufferPointer(start: base + r.offset * Leads.count, count: r.length * Leads.count)
    }

    /// Class names of label set `set` in sorted order.
    public func classes(_ set: String) throws -> [String] {
        guard let c = index.labelSets[set] else {
            throw DatasetError(file: directory.path, "no label set '\(set)' (available: \(index.labelSets.keys.sorted().joined(separator: ", ")))")
        }
        return c
    }

    /// Indices of records in `folds` (all when nil); with `labelSet`, records without any label in
    /// it are left out (docs/method.md §1.5).
    public func records(inFolds folds: Set<Int>? = nil, withLabelsIn labelSet: String? = nil) throws -> [Int] {
        if let s = labelSet { _ = try classes(s) }
        return index.records.indices.filter { i in
            let r = index.records[i]
            if let f = folds, !f.contains(r.fold) { return false }
            if let s = labelSet, (r.labels[s] ?? []).isEmpty { return false }
            return true
        }
    }

    /// Multi-hot labels of `records` in label set `set`: a [records.count, classes] tensor.
    public func labelMatrix(_ set: String, records: [Int]) throws -> Tensor {
        let c = try classes(set).count
        var m = [Float](repeating: 0, count: records.count * c)
        for (row, i) in records.enumerated() {
            for k in index.records[i].labels[set] ?? [] { m[row * c + k] = 1 }
        }
        return Tensor(shape: [records.count, c], scalars: m)
    }
}
