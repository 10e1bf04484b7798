import Foundation

/// Reads PTB-XL (or the synthetic set in its layout): labels in the six label sets, `strat_fold`,
/// the 100 Hz files (`filename_lr`) or the 500 Hz ones.
public struct PTBXLReader: CorpusReader {
    public let source: FileSource
    /// Read `filename_hr` (500 Hz, resampled) instead of `filename_lr`.
    public let highRate: Bool

    public init(source: FileSource, highRate: Bool = false) { self.source = source; self.highRate = highRate }

    public var labelSets: [String] { LabelSet.allCases.map(\.rawValue) }

    public func items() throws -> [CorpusItem] {
        let db = try PTBXLDatabase.read(from: source)
        return db.records.map { r in
            var labels: [String: [String]] = [:]
            for set in LabelSet.allCases { labels[set.rawValue] = db.labels(of: r, in: set) }
            return CorpusItem(id: String(r.ecgID), source: highRate ? r.filenameHR : r.filenameLR, fold: r.fold, labels: labels)
        }
    }

    public func load(_ item: CorpusItem) throws -> [LeadSignal] {
        let rec = try WFDBReader.read(item.source, from: source)
        return try leadSignals(of: rec, file: source.displayName + "/" + item.source + ".hea")
    }
}

/// An unlabeled WFDB folder: the records listed in `RECORDS` (or every header), folds 0…9 by position.
public struct WFDBFolderReader: CorpusReader {
    public let source: FileSource
    public init(source: FileSource) { self.source = source }
    public var labelSets: [String] { [] }

    public func items() throws -> [CorpusItem] {
        let names: [String]
        if source.exists("RECORDS") {
            names = String(decoding: try source.data(at: "RECORDS"), as: UTF8.self)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            names = try source.files(withSuffix: ".hea").map { String($0.dropLast(4)) }
        }
        return names.enumerated().map { k, n in CorpusItem(id: n, source: n, fold: k % 10, labels: [:]) }
    }

    public func load(_ item: CorpusItem) throws -> [LeadSignal] {
        try leadSignals(of: try WFDBReader.read(item.source, from: source), file: source.displayName + "/" + item.source + ".hea")
    }
}
