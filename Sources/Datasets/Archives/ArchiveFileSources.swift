import Archives
import Foundation

/// Dataset files read straight out of a `.zip` (e.g. PTB-XL as published), without unpacking.
/// A single top-level folder shared by every entry is treated as the dataset root.
public struct ZipFileSource: FileSource {
    /// The archive.
    public let archive: ZipArchive
    /// The stripped top-level folder ("" if none), e.g. `ptb-xl-…-1.0.1/`.
    public let root: String
    private let paths: [String]

    /// Opens the archive at `url`.
    public init(url: URL) throws {
        archive = try ZipArchive(url: url)
        let files = archive.entries.filter { !$0.isDirectory }.map(\.name)
        let root = commonRootFolder(files)
        self.root = root
        paths = files.map { String($0.dropFirst(root.count)) }.sorted()
    }

    public var displayName: String { archive.path }

    public func data(at relativePath: String) throws -> Data {
        try archive.data(named: root + relativePath)
    }

    public func exists(_ relativePath: String) -> Bool {
        archive.entry(named: root + relativePath) != nil
    }

    public func files(withSuffix suffix: String) throws -> [String] {
        paths.filter { $0.hasSuffix(suffix) }
    }
}

/// Dataset files from a `.tar.gz` (e.g. a CinC 2020 training set). A gzip stream has no random
/// access, so the archive is decompressed once when opened and its files are held in memory
/// (memory use = the archive's unpacked size); nothing is written to disk.
public struct TarGzFileSource: FileSource {
    /// Path of the archive.
    public let displayName: String
    /// The stripped top-level folder ("" if none).
    public let root: String
    private let contents: [String: Data]

    /// Reads every regular file of the archive at `url`.
    public init(url: URL) throws {
        var reader = TarReader(source: try GzipInputStream(url: url))
        var files: [String: Data] = [:]
        while let entry = try reader.next() {
            guard entry.kind == .file else { continue }
            files[entry.name.hasPrefix("./") ? String(entry.name.dropFirst(2)) : entry.name] = entry.data
        }
        displayName = url.path
        let root = commonRootFolder(Array(files.keys))
        self.root = root
        var stripped: [String: Data] = [:]
        for (name, data) in files { stripped[String(name.dropFirst(root.count))] = data }
        contents = stripped
    }

    public func data(at relativePath: String) throws -> Data {
        guard let data = contents[relativePath] else {
            throw ArchiveError("archive '\(displayName)': no entry '\(root + relativePath)'")
        }
        return data
    }

    public func exists(_ relativePath: String) -> Bool { contents[relativePath] != nil }

    public func files(withSuffix suffix: String) throws -> [String] {
        contents.keys.filter { $0.hasSuffix(suffix) }.sorted()
    }
}

/// Opens a dataset wherever it lives: a directory, a `.zip`, or a `.tar.gz` / `.tgz`. A path that
/// is none of these is a `DatasetError`; a corrupt archive an `ArchiveError` naming it.
public func openDatasetSource(_ url: URL) throws -> any FileSource {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        throw DatasetError(file: url.path, "no such dataset (expected a directory, a .zip or a .tar.gz archive)")
    }
    if isDirectory.boolValue { return DirectorySource(root: url) }
    let name = url.lastPathComponent.lowercased()
    if name.hasSuffix(".zip") { return try ZipFileSource(url: url) }
    if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") { return try TarGzFileSource(url: url) }
    throw DatasetError(file: url.path, "expected a dataset directory, a .zip or a .tar.gz archive")
}

/// "folder/" when every path starts with the same folder, else "".
func commonRootFolder(_ paths: [String]) -> String {
    guard let first = paths.first, let slash = first.firstIndex(of: "/") else { return "" }
    let candidate = String(first[...slash])
    return paths.allSatisfy { $0.hasPrefix(candidate) } ? candidate : ""
}
