import Foundation

/// PhysioNet/CinC 2020: WFDB headers whose signals live in MATLAB v4 `.mat` files; SNOMED CT
/// codes in the `#Dx:` comment become label set `dx`. Folds 0…9 by position within each
/// sub-dataset folder (not stratified).
public struct CinCReader: CorpusReader {
    public let source: FileSource
    public init(source: FileSource) { self.source = source }
    public var labelSets: [String] { ["dx"] }

    public func items() throws -> [CorpusItem] {
        var perFolder: [String: Int] = [:]
        return try source.files(withSuffix: ".hea").map { path in
            let name = String(path.dropLast(4))
            let text = String(decoding: try source.data(at: path), as: UTF8.self)
            let header = try WFDBHeader.parse(text, file: source.displayName + "/" + path)
            var dx: [String] = []
            for c in header.comments where c.hasPrefix("Dx:") {
                dx = c.dropFirst(3).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let folder = directoryPart(path)
            let k = perFolder[folder, default: 0]
            perFolder[folder] = k + 1
            return CorpusItem(id: name, source: name, fold: k % 10, labels: ["dx": dx])
        }
    }

    public func load(_ item: CorpusItem) throws -> [LeadSignal] {
        try leadSignals(of: try WFDBReader.read(item.source, from: source), file: source.displayName + "/" + item.source + ".hea")
    }
}
