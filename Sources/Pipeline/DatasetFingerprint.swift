import FileSupport
import Foundation

/// Content hashes of input datasets, memoized on (relative path, size, mtime) of every file, so
/// an unchanged multi-gigabyte corpus is fingerprinted by `stat` calls alone.
///
/// One memo file per dataset (`cache/datasets/<hash of path>.tsv`): a header line with the
/// signature of all (path, size, mtime) triples and the content hash, then one line per file.
/// When the signature matches, the header answers; otherwise only changed files are re-hashed.
/// A dataset's hash covers the relative names and contents of its non-hidden files, not its
/// location: moving the project folder keeps every key.
public final class DatasetFingerprinter {
    private struct FileStat { let rel: String; let size: Int64; let mtime: String }

    private let root: URL
    private let memoDirectory: URL
    private var datasets: [String: String] = [:]

    /// Fingerprints paths relative to `root`, memoizing in `memoDirectory`.
    public init(root: URL, memoDirectory: URL) {
        self.root = root
        self.memoDirectory = memoDirectory
    }

    /// Where a spec path points.
    public func url(of path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// The content hash of the dataset at `path` (a directory or a file, relative to the root).
    public func contentHash(of path: String) throws -> String {
        if let h = datasets[path] { return h }
        let url = url(of: path)
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            throw PipelineError.badInput("dataset '\(path)' not found (looked in \(url.path))")
        }
        let isDir = (st.st_mode & S_IFMT) == S_IFDIR
        let stats = try (isDir ? Self.files(under: url) : [""]).map { rel -> FileStat in
            let f = rel.isEmpty ? url.path : url.path + "/" + rel
            var s = stat()
            guard stat(f, &s) == 0 else { throw PipelineError.badInput("cannot read \(f)") }
            return FileStat(rel: rel, size: Int64(s.st_size), mtime: "\(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec)")
        }
        let signature = SHA256.hex(stats.map { "\($0.rel)\t\($0.size)\t\($0.mtime)\n" }.joined())
        let memoURL = memoDirectory.appendingPathComponent(String(SHA256.hex(path).prefix(24)) + ".tsv")
        let memo = (try? String(contentsOf: memoURL, encoding: .utf8)) ?? ""
        let lines = memo.split(separator: "\n", maxSplits: 1)
        let header = lines.first.map { $0.split(separator: "\t", omittingEmptySubsequences: false) } ?? []
        if header.count == 4, header[0] == "#", header[1] == path, header[2] == signature {
            datasets[path] = String(header[3])
            return String(header[3])
        }
        var known: [String: (size: Int64, mtime: String, sha: String)] = [:]
        if lines.count == 2 {
            for line in lines[1].split(separator: "\n") {
                let p = line.split(separator: "\t", omittingEmptySubsequences: false)
                if p.count == 4, let size = Int64(p[1]) { known[String(p[0])] = (size, String(p[2]), String(p[3])) }
            }
        }
        var listing = "", body = ""
        for f in stats {
            let sha: String
            if let k = known[f.rel], k.size == f.size, k.mtime == f.mtime {
                sha = k.sha
            } else {
                sha = try SHA256.hex(fileAt: f.rel.isEmpty ? url : url.appendingPathComponent(f.rel))
            }
            listing += "\(f.rel)\t\(sha)\n"
            body += "\(f.rel)\t\(f.size)\t\(f.mtime)\t\(sha)\n"
        }
        let h = SHA256.hex(listing)
        datasets[path] = h
        if !path.contains("\t") && !path.contains("\n") {
            // Concurrent runners may race here; the loser's memo is equally valid.
            try? FileManager.default.createDirectory(at: memoDirectory, withIntermediateDirectories: true)
            try? AtomicFile.write("#\t\(path)\t\(signature)\t\(h)\n" + body, to: memoURL)
        }
        return h
    }

    /// A fact derived from a dataset's content alone (its detected format), memoized under the
    /// content hash, so planning does not reopen (for a .tar.gz: decompress) an unchanged corpus.
    public func derived(_ name: String, ofContent hash: String, _ compute: () throws -> String) throws -> String {
        let memoURL = memoDirectory.appendingPathComponent("\(hash).\(name)")
        if let known = try? String(contentsOf: memoURL, encoding: .utf8), !known.isEmpty { return known }
        let value = try compute()
        try? FileManager.default.createDirectory(at: memoDirectory, withIntermediateDirectories: true)
        try? AtomicFile.write(value, to: memoURL)
        return value
    }

    /// Non-hidden regular files under `dir` (following symlinks), as sorted relative paths.
    static func files(under dir: URL) throws -> [String] {
        var out: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            let path = rel.isEmpty ? dir.path : dir.path + "/" + rel
            guard let d = opendir(path) else {
                throw PipelineError.badInput("cannot list directory \(path): \(String(cString: strerror(errno)))")
            }
            defer { closedir(d) }
            while let e = readdir(d) {
                let name = withUnsafePointer(to: e.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                let child = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard stat(path + "/" + name, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: stack.append(child)
                case S_IFREG: out.append(child)
                default: continue
                }
            }
        }
        return out.sorted()
    }
}
