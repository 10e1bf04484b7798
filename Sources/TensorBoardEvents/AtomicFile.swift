import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file replacement that a reader never sees half-done: write a temp file beside the target, then rename.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        // Same directory, so the rename stays on one file system; the name has no "tfevents" in
        // it, so TensorBoard's directory scan never picks the half-written file up.
        let temp = directory.appendingPathComponent(".\(UUID().uuidString).partial")
        do {
            try Data(bytes).write(to: temp)
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
}
