import Foundation

/// Chapman/Shaoxing (Zheng et al. 2020): one CSV per record, 500 Hz, in µV, columns
/// I, II, III, aVR, aVL, aVF, V1–V6 (a header row with lead names is used when present).
/// Labels come from `Diagnostics.csv` (the dataset's `Diagnostics.xlsx` saved as CSV, columns
/// FileName, Rhythm, Beat) when it exists: label sets `rhythm` and `beat`. Folds 0…9 by position.
public struct ZhengReader: CorpusReader {
    public let source: FileSource
    public static let samplingRate = 500.0
    static let defaultOrder = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

    public init(source: FileSource) { self.source = source }
    public var labelSets: [String] { source.exists("Diagnostics.csv") ? ["rhythm", "beat"] : [] }

    public func items() throws -> [CorpusItem] {
        var labels: [String: [String: [String]]] = [:]
        if source.exists("Diagnostics.csv") {
            let t = try CSVTable.parse(try source.data(at: "Diagnostics.csv"), file: source.displayName + "/Diagnostics.csv")
            let cFile = try t.column("FileName"), cRhythm = try t.column("Rhythm"), cBeat = try t.column("Beat")
            for row in t.rows {
                let beats = row[cBeat].split(separator: " ").map(String.init).filter { $0 != "NONE" && !$0.isEmpty }
                labels[row[cFile]] = ["rhythm": row[cRhythm].isEmpty ? [] : [row[cRhythm]], "beat": beats]
            }
        }
        let files = try source.files(withSuffix: ".csv").filter { !$0.hasSuffix("Diagnostics.csv") }
        return files.enumerated().map { k, f in
            let name = String((f.split(separator: "/").last ?? Substring(f)).dropLast(4))
            return CorpusItem(id: name, source: f, fold: k % 10, labels: labels[name] ?? [:])
        }
    }

    public func load(_ item: CorpusItem) throws -> [LeadSignal] {
        let file = source.displayName + "/" + item.source
        let text = String(decoding: try source.data(at: item.source), as: UTF8.self)
        var lines = text.split(whereSeparator: \.isNewline)
        guard let first = lines.first else { throw DatasetError(file: file, record: item.id, "empty CSV") }
        var names = Self.defaultOrder
        let firstFields = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if Double(firstFields[0]) == nil {
            names = firstFields
            lines.removeFirst()
        }
        let slots = try names.map { n -> Int in
            guard let s = Leads.slot(of: n) else { throw DatasetError(file: file, record: item.id, "unknown lead column '\(n)'") }
            return s
        }
        var columns = [[Float]](repeating: [], count: names.count)
        for c in columns.indices { columns[c].reserveCapacity(lines.count) }
        for (li, line) in lines.enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == names.count else {
                throw DatasetError(file: file, record: item.id, "line \(li + 2): \(f.count) values, expected \(names.count)")
            }
            for (c, v) in f.enumerated() {
                guard let x = Float(v.trimmingCharacters(in: .whitespaces)) else {
                    throw DatasetError(file: file, record: item.id, "line \(li + 2): '\(v)' is not a number")
                }
                columns[c].append(x * 0.001)  // µV → mV
            }
        }
        return zip(slots, columns).map { LeadSignal(slot: $0, samples: $1, rate: Self.samplingRate) }
    }
}
