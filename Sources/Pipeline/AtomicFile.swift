import Foundation

/// Writes files so readers never see half of them: a temporary sibling, then rename.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let tmp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try data.write(to: tmp)
        guard rename(tmp.path, url.path) == 0 else {
            let e = errno
            try? FileManager.default.removeItem(at: tmp)
            throw PipelineError.cache("cannot rename \(tmp.path) to \(url.path): \(String(cString: strerror(e)))")
        }
    }

    static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }
}
