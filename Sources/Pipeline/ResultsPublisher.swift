import Foundation

/// Copies an experiment's report entry into the checked-in `results/<experiment>/` folder,
/// replacing the previous copy atomically (a temporary sibling renamed into place).
public enum ResultsPublisher {
    /// Publishes the artifacts in `report` as `results/<name>/` under `root`; returns the folder.
    @discardableResult
    public static func publish(report: URL, name: String, root: URL) throws -> URL {
        let fm = FileManager.default
        let results = root.appendingPathComponent("results")
        try fm.createDirectory(at: results, withIntermediateDirectories: true)
        let final = results.appendingPathComponent(name)
        let tmp = results.appendingPathComponent(".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: tmp)
        try fm.copyItem(at: report, to: tmp)
        let old = results.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
        guard rename(tmp.path, final.path) == 0 else {
            throw PipelineError.cache("cannot move \(tmp.path) to \(final.path): \(String(cString: strerror(errno)))")
        }
        try? fm.removeItem(at: old)
        return final
    }
}
