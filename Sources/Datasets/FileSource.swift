import Foundation

/// Where dataset files come from: a directory, or a zip / tar.gz archive read in place.
///
/// Readers ask for files by path relative to the dataset root, so the same reader works on any
/// source that can hand back bytes.
public protocol FileSource: Sendable {
    /// A human-readable name for error messages (e.g. the directory path).
    var displayName: String { get }
    /// The whole content of the file at `relativePath`.
    func data(at relativePath: String) throws -> Data
    /// Whether a file exists at `relativePath`.
    func exists(_ relativePath: String) -> Bool
    /// Every file path (relative, '/'-separated, sorted) whose name ends with `suffix`.
    func files(withSuffix suffix: String) throws -> [String]
}

/// Files under a directory on disk.
public struct DirectorySource: FileSource {
    /// The dataset root.
    public let root: URL

    /// A source rooted at `root`.
    public init(root: URL) { self.root = root }

    public var displayName: String { root.path }

    public func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    public func data(at relativePath: String) throws -> Data {
        do {
            return try Data(contentsOf: url(relativePath))
        } catch {
            throw DatasetError(file: url(relativePath).path, "cannot read file (\(error.localizedDescription))")
        }
    }

    public func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relativePath).path)
    }

    public func files(withSuffix suffix: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: root.path, "not a directory")
        }
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw DatasetError(file: root.path, "cannot list directory")
        }
        let base = root.standardizedFileURL.path
        var out: [String] = []
        for case let u as URL in e where u.lastPathComponent.hasSuffix(suffix) {
            var p = u.standardizedFileURL.path
            if p.hasPrefix(base) { p.removeFirst(base.count) }
            while p.hasPrefix("/") { p.removeFirst() }
            out.append(p)
        }
        return out.sorted()
    }
}

/// Joins a directory part and a file name the way dataset files refer to siblings.
func joinPath(_ dir: String, _ name: String) -> String {
    dir.isEmpty ? name : dir + "/" + name
}

/// The directory part of a '/'-separated relative path ("" at the root).
func directoryPart(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
}
