import FileSupport
import Foundation

/// The Slurm job a stage was submitted as, kept in `cache/jobs/<key>.json` so `status` and later
/// submissions can find it.
public struct SlurmJobRecord: Codable, Sendable, Equatable {
    /// Stage key.
    public let key: String
    /// Stage kind.
    public let kind: String
    /// Stage label.
    public let label: String
    /// The job id as Slurm names it: `123`, or `123_4` for task 4 of array job 123.
    public let jobId: String
    /// When it was submitted (ISO-8601).
    public let submitted: String
}

/// The submitted-job records of one cache.
public struct SlurmJobStore: Sendable {
    /// `cache/jobs`.
    public let directory: URL

    /// The records of the cache rooted at `cache`.
    public init(cache: CacheStore) { directory = cache.root.appendingPathComponent("jobs") }

    /// Where a submitted group's batch script and job logs go.
    var scripts: URL { directory.appendingPathComponent("scripts") }
    var logs: URL { directory.appendingPathComponent("logs") }

    static func order(_ jobId: String) -> [Int] { jobId.split(separator: "_").map { Int($0) ?? 0 } }

    /// Records a submission (atomically; replaces an earlier record of the key).
    func save(_ record: SlurmJobRecord) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(record), to: directory.appendingPathComponent("\(record.key).json"))
    }

    /// The record of `key`, if it was ever submitted.
    public func record(_ key: String) -> SlurmJobRecord? {
        try? JSONDecoder().decode(SlurmJobRecord.self, from: Data(contentsOf: directory.appendingPathComponent("\(key).json")))
    }

    /// Every record, in submission order (by job id, then array task).
    public func all() -> [SlurmJobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .compactMap { record(String($0.dropLast(5))) }
            .sorted { Self.order($0.jobId).lexicographicallyPrecedes(Self.order($1.jobId)) }
    }
}
