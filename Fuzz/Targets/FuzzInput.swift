import Datasets
import Foundation

/// Helpers that turn one fuzz input into the several files a multi-file parser reads.
enum FuzzInput {
    /// Splits at the first NUL byte: a text file first (headers and CSVs hold no NUL), then the
    /// rest (binary allowed). Without a NUL the second part is empty.
    static func split(_ data: Data) -> (Data, Data) {
        guard let nul = data.firstIndex(of: 0) else { return (data, Data()) }
        return (Data(data[data.startIndex..<nul]), Data(data[(nul + 1)...]))
    }

    /// A private scratch directory for targets whose parser only reads files (one per process,
    /// emptied for every input so inputs never see each other's files).
    static func scratch() throws -> URL {
        let fm = FileManager.default
        let dir = scratchRoot
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private static let scratchRoot = FileManager.default.temporaryDirectory
        .appendingPathComponent("ecg-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")

    /// Writes `data` to `name` inside a fresh scratch directory and returns its URL.
    static func file(_ name: String, _ data: Data) throws -> URL {
        let url = try scratch().appendingPathComponent(name)
        try data.write(to: url)
        return url
    }
}

/// Dataset files held in memory, so dataset readers run without touching the disk.
struct MemorySource: FileSource {
    let files: [String: Data]
    var displayName: String { "<fuzz>" }

    func data(at relativePath: String) throws -> Data {
        guard let d = files[relativePath] else { throw DatasetError(file: relativePath, "no such file") }
        return d
    }

    func exists(_ relativePath: String) -> Bool { files[relativePath] != nil }

    func files(withSuffix suffix: String) throws -> [String] { files.keys.filter { $0.hasSuffix(suffix) }.sorted() }
}
