import Foundation

/// Content hashes of input datasets, memoized per file on (relative path, size, mtime) in a small
/// JSON file, so an unchanged multi-gigabyte corpus is fingerprinted by `stat` calls alone.
///
/// A dataset's hash covers the relative names and contents of all its non-hidden files, not its
/// location: moving the project folder keeps every key.
public final class DatasetFingerprinter {
    private struct MemoEntry: Codable { var size: Int64; var mtime: Double; var sha256: String }

    private let root: URL
    private let memoURL: URL
    private var memo: [String: MemoEntry]
    private var dirty = false
    private var datasets: [String: String] = [:]

    /// Fingerprints paths relative to `root`, memoizing in `memoFile`.
    public init(root: URL, memoFile: URL) {
        self.root = root
        self.memoURL = memoFile
        if let d = try? Data(contentsOf: memoFile), let m = try? JSONDecoder().decode([String: MemoEntry].self, from: d) {
            memo = m
        } else {
            memo = [:]
        }
    }

    /// The content hash of the dataset at `path` (a directory or a file, relative to the root).
    public func contentHash(of path: String) throws -> String {
        if let h = datasets[path] { return h }
        let url = url(of: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw PipelineError.badInput("dataset '\(path)' not found (looked in \(url.path))")
        }
        let files = isDir.boolValue ? try Self.files(under: url) : [""]
        var listing = ""
        for rel in files {
            let f = rel.isEmpty ? url : url.appendingPathComponent(rel)
            listing += "\(rel)\t\(try fileHash(f, memoKey: rel.isEmpty ? path : "\(path)/\(rel)"))\n"
        }
        let h = SHA256.hex(listing)
        datasets[path] = h
        return h
    }

    /// Where a spec path points.
    public func url(of path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// Writes the memo back if it changed (atomically; concurrent writers may drop each other's
    /// additions, which only costs a re-hash).
    public func save() throws {
        guard dirty else { return }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        try FileManager.default.createDirectory(at: memoURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(try enc.encode(memo), to: memoURL)
        dirty = false
    }

    private func fileHash(_ url: URL, memoKey: String) throws -> String {
        let attrs = try FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attrs[.size] as? NSNumber)?.int64Value ?? -1
        let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        if let m = memo[memoKey], m.size == size, m.mtime == mtime { return m.sha256 }
        let h = try SHA256.hex(fileAt: url)
        memo[memoKey] = MemoEntry(size: size, mtime: mtime, sha256: h)
        dirty = true
        return h
    }

    /// Non-hidden regular files under `dir`, as sorted relative paths.
    static func files(under dir: URL) throws -> [String] {
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey],
                                                     options: [.skipsHiddenFiles]) else {
            throw PipelineError.badInput("cannot list dataset directory \(dir.path)")
        }
        let base = dir.standardizedFileURL.resolvingSymlinksInPath().path
        var out: [String] = []
        for case let u as URL in e {
            guard (try? u.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let p = u.standardizedFileURL.resolvingSymlinksInPath().path
            out.append(String(p.dropFirst(base.count + 1)))
        }
        return out.sorted()
    }
}
