import Foundation

/// A parsed CSV file (RFC 4180: quoted fields may hold commas, newlines and doubled quotes).
public struct CSVTable: Sendable {
    /// The file name used in errors.
    public let file: String
    /// Column names from the first row.
    public let header: [String]
    /// Data rows, each with `header.count` fields.
    public let rows: [[String]]
    /// The 1-based line on which each data row starts (the header is line 1).
    public let lineNumbers: [Int]

    /// Index of the column named `name`, or an error naming the file and the column.
    public func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw DatasetError(file: file, "missing column '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
        return i
    }

    /// An error about row `row`, column `column`.
    public func error(row: Int, column: Int, _ problem: String) -> DatasetError {
        DatasetError(file: file, "line \(lineNumbers[row]): field '\(header[column])': \(problem)")
    }

    /// Parses `data` as UTF-8 CSV; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        var records: [[String]] = []
        var starts: [Int] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0, line = 1, recordLine = 1, quoteLine = 1
            var fields: [String] = [], field: [UInt8] = []
            var inQuotes = false, quoted = false
            func endRecord() {
                fields.append(String(decoding: field, as: UTF8.self))
                // A blank line is not a record.
                if !(fields.count == 1 && fields[0].isEmpty && !quoted) { records.append(fields); starts.append(recordLine) }
                fields = []; field.removeAll(keepingCapacity: true); quoted = false
            }
            while i < n {
                let c = b[i]
                if inQuotes {
                    if c == UInt8(ascii: "\"") {
                        if i + 1 < n && b[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                        inQuotes = false; i += 1; continue
                    }
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c); i += 1
                    continue
                }
                switch c {
                case UInt8(ascii: "\""):
                    guard field.isEmpty && !quoted else {
                        throw DatasetError(file: file, "line \(line): stray quote inside an unquoted field")
                    }
                    inQuotes = true; quoted = true; quoteLine = line
                case UInt8(ascii: ","):
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true); quoted = false
                case UInt8(ascii: "\r"):
                    break
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1; recordLine = line
                default:
                    guard !quoted else { throw DatasetError(file: file, "line \(line): characters after a closing quote") }
                    field.append(c)
                }
                i += 1
            }
            guard !inQuotes else { throw DatasetError(file: file, "line \(quoteLine): unterminated quoted field") }
            if !fields.isEmpty || !field.isEmpty || quoted { endRecord() }
        }
        guard let header = records.first else { throw DatasetError(file: file, "empty CSV file") }
        for (k, r) in records.enumerated().dropFirst() where r.count != header.count {
            throw DatasetError(file: file, "line \(starts[k]): \(r.count) fields, the header has \(header.count)")
        }
        return CSVTable(file: file, header: header, rows: Array(records.dropFirst()), lineNumbers: Array(starts.dropFirst()))
    }
}
