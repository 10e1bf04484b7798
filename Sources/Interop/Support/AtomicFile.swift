import Foundation

/// Writes files under a temporary name next to the destination and renames them into place, so
/// a crash or a failed export never leaves a half-written file behind.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try data.write(to: temporary)
            // rename(2) replaces an existing destination atomically.
            guard rename(temporary.path, url.path) == 0 else {
                throw InteropError(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw InteropError("cannot write '\(url.path)': \(error.localizedDescription)")
        }
    }
}
