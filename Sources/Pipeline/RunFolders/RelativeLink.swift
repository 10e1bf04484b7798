import Foundation

/// Symbolic links that run folders point into the cache with: relative, so they keep working
/// when the project folder moves, and replaced atomically, so a concurrent reader never sees a
/// missing or half-made link.
enum RelativeLink {
    /// Points `at` to `target`, or removes `at` when the target does not exist.
    static func set(_ at: URL, to target: URL, exists: Bool) throws {
        guard exists else {
            try? FileManager.default.removeItem(at: at)
            return
        }
        let from = at.deletingLastPathComponent().standardizedFileURL.pathComponents
        let to = target.standardizedFileURL.pathComponents
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let rel = Array(repeating: "..", count: from.count - common) + to[common...]
        let tmp = at.deletingLastPathComponent().appendingPathComponent(".\(at.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: tmp)
        try FileManager.default.createSymbolicLink(atPath: tmp.path, withDestinationPath: rel.joined(separator: "/"))
        guard rename(tmp.path, at.path) == 0 else {
            throw PipelineError.cache("cannot create link \(at.path): \(String(cString: strerror(errno)))")
        }
    }
}
