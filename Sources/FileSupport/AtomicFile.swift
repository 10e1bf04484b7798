import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file replacement that a reader never sees half-done: a temp file beside the target, then a rename.
public enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`, creating its folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Same folder, so the rename stays on one file system. The name leaves out the target's
        // own name: a directory scan by pattern (TensorBoard looks for "tfevents") never picks up
        // a half-written file, whoever the caller is.
        let temp = directory.appendingPathComponent(".\(UUID().uuidString).partial")
        do {
            try data.write(to: temp)
            guard rename(temp.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [
                    NSFilePathErrorKey: url.path,
                    NSLocalizedDescriptionKey: "rename \(temp.path) to \(url.path): \(String(cString: strerror(errno)))",
                ])
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// Same for raw bytes.
    public static func write(_ bytes: [UInt8], to url: URL) throws { try write(Data(bytes), to: url) }

    /// Same for UTF-8 text.
    public static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }
}
