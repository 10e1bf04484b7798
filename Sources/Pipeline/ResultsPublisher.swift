import Foundation

/// Copies an experiment's report entry into the checked-in `results/<experiment>/` folder,
/// replacing the previous copy atomically (a temporary sibling renamed into place).
public enum ResultsPublisher {
    /// The run-time record `scripts/run-study.sh` writes beside a published report.
    static let runTimeFile = "run-time.md"

    /// Publishes the artifacts in `report` (the entry of report stage `key`) as `results/<name>/`
    /// under `root`; returns the folder.
    ///
    /// The previous folder's run-time record is carried over when it lists this report's key, so
    /// republishing the same report (every `runexp report`, `make demo`) keeps the times that were
    /// measured for it; a record of any other report is stale and goes with the old folder.
    @discardableResult
    public static func publish(report: URL, key: String, name: String, root: URL) throws -> URL {
        let fm = FileManager.default
        let results = root.appendingPathComponent("results")
        try fm.createDirectory(at: results, withIntermediateDirectories: true)
        let final = results.appendingPathComponent(name)
        let tmp = results.appendingPathComponent(".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: tmp)
        try fm.copyItem(at: report, to: tmp)
        let record = final.appendingPathComponent(runTimeFile)
        if let text = try? String(contentsOf: record, encoding: .utf8), times(text, report: key) {
            try fm.copyItem(at: record, to: tmp.appendingPathComponent(runTimeFile))
        }
        let old = results.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
        guard rename(tmp.path, final.path) == 0 else {
            throw PipelineError.cache("cannot move \(tmp.path) to \(final.path): \(String(cString: strerror(errno)))")
        }
        try? fm.removeItem(at: old)
        return final
    }

    /// Whether a run-time record's table has the report row of `key` (its 12-character prefix,
    /// as every listing shows keys).
    static func times(_ record: String, report key: String) -> Bool {
        let short = key.prefix(12)
        return record.split(separator: "\n").contains { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.count >= 4 && cells[1] == "report" && cells[3] == short
        }
    }
}
