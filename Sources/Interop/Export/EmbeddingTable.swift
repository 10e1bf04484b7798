import FileSupport
import Foundation
import TensorCore

/// Per-record representations with their labels and folds, as exported for Python users.
public struct EmbeddingTable: Equatable {
    /// Record identifiers, one per row.
    public let records: [String]
    /// [records, features] representations.
    public let embeddings: Tensor
    /// Class names, in the label matrix's column order (sorted, as everywhere in this project).
    public let classes: [String]
    /// [records × classes] multi-hot labels, row-major.
    public let labels: [Bool]
    /// Fold of each record (PTB-XL `strat_fold`).
    public let folds: [Int]

    /// A table; fails naming the field whose length disagrees with the record count.
    public init(records: [String], embeddings: Tensor, classes: [String], labels: [Bool], folds: [Int]) throws {
        let n = records.count
        guard embeddings.rank == 2, embeddings.shape[0] == n else {
            throw InteropError("embedding export: embeddings have shape \(embeddings.shape), expected [\(n), features] for \(n) records")
        }
        guard labels.count == n * classes.count else {
            throw InteropError("embedding export: \(labels.count) label entries, expected \(n) records × \(classes.count) classes")
        }
        guard folds.count == n else {
            throw InteropError("embedding export: \(folds.count) folds for \(n) records")
        }
        self.records = records
        self.embeddings = embeddings
        self.classes = classes
        self.labels = labels
        self.folds = folds
    }

    /// The arrays of the `.npz` export: records, embeddings, classes, labels, folds.
    public var arrays: [String: NpyArray] {
        get throws {
            [
                "records": try NpyArray(shape: [records.count], elements: .unicode(records)),
                "embeddings": NpyArray(embeddings),
                "classes": try NpyArray(shape: [classes.count], elements: .unicode(classes)),
                "labels": try NpyArray(shape: [records.count, classes.count], elements: .bool(labels)),
                "folds": try NpyArray(shape: [folds.count], elements: .int64(folds.map(Int64.init))),
            ]
        }
    }

    /// Writes a numpy `.npz` (deflated) atomically.
    public func writeNPZ(to url: URL) throws {
        try NpzArchive.write(try arrays, to: url)
    }

    /// Writes a CSV: `record,fold,label:<class>…,e0…` with one row per record; floats use the
    /// shortest text that reads back to the identical float32.
    public func writeCSV(to url: URL) throws {
        let features = embeddings.shape[1]
        var text = (["record", "fold"] + classes.map { "label:" + $0 } + (0..<features).map { "e\($0)" })
            .map(CSV.field).joined(separator: ",") + "\n"
        for (r, record) in records.enumerated() {
            var fields = [CSV.field(record), String(folds[r])]
            fields += labels[(r * classes.count)..<((r + 1) * classes.count)].map { $0 ? "1" : "0" }
            fields += embeddings.scalars[(r * features)..<((r + 1) * features)].map { "\($0)" }
            text += fields.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(Data(text.utf8), to: url)
    }
}
