import TensorCore

/// Turns per-window predictions into per-record ones, as the reference evaluates.
public enum Aggregation {
    /// Mean of the window rows that belong to each record; `recordOfWindow[i]` names the record
    /// of window row i. Records appear in order of first occurrence.
    public static func meanPerRecord(windowScores: [[Double]], recordOfWindow: [Int]) -> (records: [Int], scores: [[Double]]) {
        require(windowScores.count == recordOfWindow.count,
                     "Aggregation.meanPerRecord: \(windowScores.count) rows but \(recordOfWindow.count) record ids")
        var slot: [Int: Int] = [:]
        var records: [Int] = []
        var sums: [[Double]] = []
        var counts: [Int] = []
        for (row, rec) in zip(windowScores, recordOfWindow) {
            if let s = slot[rec] {
                for c in row.indices { sums[s][c] += row[c] }
                counts[s] += 1
            } else {
                slot[rec] = records.count
                records.append(rec)
                sums.append(row)
                counts.append(1)
            }
        }
        return (records, zip(sums, counts).map { s, n in s.map { $0 / Double(n) } })
    }
}
