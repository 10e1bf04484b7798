import Datasets
import FileSupport
import Foundation

/// The per-record test predictions and labels an evaluation writes (`predictions.csv`,
/// `labels.csv`: record_id, fold, one column per class), so anyone can recompute the metric;
/// the report reads them back to compute its intervals.
struct PredictionTable: Equatable {
    var classes: [String]
    var ids: [String]
    var fold: Int
    /// Per record, the mean sigmoid output per class.
    var scores: [[Double]]
    var labels: [[Bool]]

    static let predictionsFile = "predictions.csv", labelsFile = "labels.csv"

    func write(to dir: URL) throws {
        let header = "record_id,fold," + classes.map(CSV.field).joined(separator: ",") + "\n"
        var predictions = header, labelRows = header
        for (k, id) in ids.enumerated() {
            predictions += "\(CSV.field(id)),\(fold)," + scores[k].map { String($0) }.joined(separator: ",") + "\n"
            labelRows += "\(CSV.field(id)),\(fold)," + labels[k].map { $0 ? "1" : "0" }.joined(separator: ",") + "\n"
        }
        try predictions.write(to: dir.appendingPathComponent(Self.predictionsFile), atomically: true, encoding: .utf8)
        try labelRows.write(to: dir.appendingPathComponent(Self.labelsFile), atomically: true, encoding: .utf8)
    }

    /// Reads both files of an evaluation entry, checking that they describe the same records and classes.
    static func read(from dir: URL) throws -> PredictionTable {
        func table(_ name: String) throws -> CSVTable {
            let url = dir.appendingPathComponent(name)
            do { return try CSVTable.parse(Data(contentsOf: url), file: url.path) } catch let e as DatasetError {
                throw PipelineError.cache("\(e)")
            }
        }
        let p = try table(predictionsFile), l = try table(labelsFile)
        guard p.header.count >= 3, p.header.prefix(2) == ["record_id", "fold"], p.header == l.header else {
            throw PipelineError.cache("\(dir.path): \(predictionsFile) and \(labelsFile) need the same header record_id,fold,<classes>")
        }
        guard p.rows.map({ $0.first }) == l.rows.map({ $0.first }) else {
            throw PipelineError.cache("\(dir.path): \(predictionsFile) and \(labelsFile) list different records")
        }
        var scores: [[Double]] = [], labels: [[Bool]] = []
        for (r, row) in p.rows.enumerated() {
            scores.append(try row.dropFirst(2).enumerated().map { c, text in
                guard let v = Double(text), v.isFinite else { throw p.error(row: r, column: c + 2, "not a number: '\(text)'") }
                return v
            })
        }
        for (r, row) in l.rows.enumerated() {
            labels.append(try row.dropFirst(2).enumerated().map { c, text in
                guard text == "0" || text == "1" else { throw l.error(row: r, column: c + 2, "not 0 or 1: '\(text)'") }
                return text == "1"
            })
        }
        let fold = p.rows.first.flatMap { Int($0[1]) } ?? 0
        return PredictionTable(classes: Array(p.header.dropFirst(2)), ids: p.rows.map { $0[0] }, fold: fold,
                               scores: scores, labels: labels)
    }
}
