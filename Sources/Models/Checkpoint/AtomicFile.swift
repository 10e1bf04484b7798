import Foundation

/// Writes files under a temporary name in the destination folder, then renames them into place
/// (the one implementation the checkpoint, interop and pipeline writers share).
public enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`; readers see the old or the new file, never a mix.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                    NSLocalizedDescriptionKey: "rename to \(url.path) failed: \(String(cString: strerror(errno)))"])
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
    }

    /// Same for UTF-8 text.
    public static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }
}
