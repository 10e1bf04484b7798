import FileSupport
import Foundation
import TensorCore

/// The content-addressed stage cache:
///
///     cache/<key[:2]>/<key>/            complete entry: manifest.json + artifacts/
///     cache/<key[:2]>/<key>.partial/    in progress: artifacts/ + checkpoints/ (resumable)
///     cache/<key[:2]>/<key>.lock        owner pid + host while a runner builds it
///     cache/events.log                  what ran where (CacheEvents)
///     cache/datasets/                   dataset content-hash memos (DatasetFingerprinter)
///
/// A complete entry appears by renaming its finished partial directory, so it is never seen
/// half-written.
public struct CacheStore: Sendable {
    /// The cache directory.
    public let root: URL

    /// A cache rooted at `root` (created on first write).
    public init(root: URL) { self.root = root }

    func shard(_ key: String) -> URL { root.appendingPathComponent(String(key.prefix(2))) }
    /// Directory of the complete entry for `key`.
    public func entry(_ key: String) -> URL { shard(key).appendingPathComponent(key) }
    /// Artifacts of the complete entry for `key`.
    public func artifacts(_ key: String) -> URL { entry(key).appendingPathComponent("artifacts") }
    func partial(_ key: String) -> URL { shard(key).appendingPathComponent("\(key).partial") }
    func lockFile(_ key: String) -> URL { shard(key).appendingPathComponent("\(key).lock") }
    func manifestURL(_ key: String) -> URL { entry(key).appendingPathComponent("manifest.json") }
    /// Checkpoints of the in-progress entry for `key`.
    public func checkpoints(_ key: String, interval: Int) -> CheckpointStore {
        CheckpointStore(directory: partial(key).appendingPathComponent("checkpoints"), interval: interval)
    }
    /// The event log.
    public var events: CacheEvents { CacheEvents(url: root.appendingPathComponent("events.log")) }
    /// The dataset content-hash memos.
    public var datasetMemo: URL { root.appendingPathComponent("datasets") }

    /// Whether a complete entry exists (not verified).
    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: manifestURL(key).path)
    }

    /// The manifest of a complete entry.
    public func manifest(_ key: String) -> Manifest? { try? Manifest.decode(manifestURL(key)) }

    /// Checks every artifact's size and checksum; returns the problem, or nil when intact.
    ///
    /// Unless `full`, an artifact whose size, modification time and inode still match the last
    /// successful verification is trusted without re-hashing, so a cache hit on gigabytes of
    /// artifacts costs a few `stat` calls; any write to a file (a flipped byte included) changes
    /// its mtime and brings the hash check back. `runexp status --verify` re-hashes everything.
    public func verify(_ key: String, full: Bool = false) -> String? {
        guard let m = manifest(key) else { return "manifest.json missing or unreadable" }
        let dir = artifacts(key)
        let memoURL = entry(key).appendingPathComponent("verified.json")
        let memo = full ? [:] : ((try? JSONDecoder().decode([String: String].self, from: Data(contentsOf: memoURL))) ?? [:])
        var seen: [String: String] = [:]
        for a in m.artifacts {
            // The manifest is a file on disk: a path leaving the entry (`../`, `/dev/zero`) would
            // hash whatever it names, possibly forever.
            guard Self.isContained(a.path) else { return "artifact path '\(a.path)' leaves the cache entry" }
            let url = dir.appendingPathComponent(a.path)
            guard let sig = Self.signature(url) else { return "artifact \(a.path) is missing" }
            if sig.size != a.size { return "artifact \(a.path) has \(sig.size) bytes, manifest says \(a.size)" }
            seen[a.path] = sig.text
            if memo[a.path] == sig.text { continue }
            guard let h = try? SHA256.hex(fileAt: url) else { return "artifact \(a.path) is unreadable" }
            if h != a.sha256 { return "artifact \(a.path) checksum mismatch (\(h.prefix(12))…, manifest \(a.sha256.prefix(12))…)" }
        }
        if seen != memo, let data = try? JSONEncoder().encode(seen) { try? AtomicFile.write(data, to: memoURL) }
        return nil
    }

    /// Whether `path` is relative and stays below its directory (no empty, `.` or `..` parts).
    static func isContained(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    /// Size plus a change signature (mtime in ns, inode) of a file, nil if it does not exist.
    static func signature(_ url: URL) -> (size: Int64, text: String)? {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return nil }
        return (Int64(st.st_size), "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ino)")
    }

    /// Moves a corrupted entry out of the way (then deletes it) so the stage can be rebuilt.
    func discard(_ key: String) throws {
        let aside = shard(key).appendingPathComponent("\(key).corrupt-\(getpid())")
        try? FileManager.default.removeItem(at: aside)
        guard rename(entry(key).path, aside.path) == 0 else {
            throw PipelineError.cache("cannot move corrupted entry \(entry(key).path) aside: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(at: aside)
    }

    /// Seals a finished partial entry: checksums its artifacts, writes the manifest, drops the
    /// checkpoints and renames it into place.
    func commit(_ stage: PlannedStage, seconds: Double) throws -> Manifest {
        let dir = partial(stage.key)
        let art = dir.appendingPathComponent("artifacts")
        var artifacts: [Manifest.Artifact] = []
        for rel in try DatasetFingerprinter.files(under: art) {
            let url = art.appendingPathComponent(rel)
            let size = ((try FileManager.default.attributesOfItem(atPath: url.path))[.size] as? NSNumber)?.int64Value ?? 0
            artifacts.append(.init(path: rel, size: size, sha256: try SHA256.hex(fileAt: url)))
        }
        let m = Manifest(key: stage.key, kind: stage.kind.rawValue, label: stage.label, version: stage.version,
                         fields: stage.fields.mapValues(\.encoded), upstream: stage.upstreamByName, artifacts: artifacts,
                         experiment: stage.origin,
                         created: Console.timestamp(), host: Host.name, pid: getpid(), blas: BLAS.kernels,
                         seconds: seconds)
        try AtomicFile.write(try m.encoded(), to: dir.appendingPathComponent("manifest.json"))
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("checkpoints"))
        guard rename(dir.path, entry(stage.key).path) == 0 else {
            throw PipelineError.cache("cannot move \(dir.path) into place: \(String(cString: strerror(errno)))")
        }
        return m
    }

    /// Keys of all complete entries.
    public func allKeys() -> [String] {
        let fm = FileManager.default
        let shards = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.count == 2 }
        return shards.flatMap { s -> [String] in
            ((try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(s).path)) ?? [])
                .filter { $0.count == 64 && contains($0) }
        }.sorted()
    }

    /// Keys with an in-progress directory.
    public func partialKeys() -> [String] {
        let fm = FileManager.default
        let shards = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.count == 2 }
        return shards.flatMap { s -> [String] in
            ((try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(s).path)) ?? [])
                .filter { $0.hasSuffix(".partial") }.map { String($0.dropLast(8)) }
        }.sorted()
    }

    /// Total bytes under a directory.
    static func size(of url: URL) -> Int64 {
        guard let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total: Int64 = 0
        for case let u as URL in e { total += Int64((try? u.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0) }
        return total
    }
}
