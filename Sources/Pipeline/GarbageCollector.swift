import Foundation

/// Removes cache entries (and abandoned in-progress entries) that no given experiment references.
public struct GarbageCollector {
    let cache: CacheStore

    /// A collector over `cache`.
    public init(cache: CacheStore) { self.cache = cache }

    /// What was (or would be) removed.
    public struct Result: Sendable {
        /// Removed keys.
        public var keys: [String] = []
        /// Bytes freed.
        public var bytes: Int64 = 0
    }

    /// Removes every complete entry not in `keep`, and every in-progress entry not in `keep`
    /// whose lock is not held by a live runner; with `dryRun` only reports.
    public func collect(keep: Set<String>, dryRun: Bool) throws -> Result {
        var r = Result()
        for key in cache.allKeys() where !keep.contains(key) {
            r.keys.append(key)
            r.bytes += CacheStore.size(of: cache.entry(key))
            if !dryRun { try FileManager.default.removeItem(at: cache.entry(key)) }
        }
        for key in cache.partialKeys() where !keep.contains(key) {
            if let h = KeyLock.readHolder(cache.lockFile(key)), h.isAliveOrRemote { continue }
            r.keys.append(key)
            r.bytes += CacheStore.size(of: cache.partial(key))
            if !dryRun { try FileManager.default.removeItem(at: cache.partial(key)) }
        }
        return r
    }

    /// Removes run-folder links whose cache entry is gone; returns how many.
    public func pruneLinks(in runs: URL, dryRun: Bool) -> Int {
        guard let e = FileManager.default.enumerator(atPath: runs.path) else { return 0 }
        var n = 0
        for case let rel as String in e {
            let url = runs.appendingPathComponent(rel)
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil,
                  !FileManager.default.fileExists(atPath: url.path) else { continue }
            n += 1
            if !dryRun { try? FileManager.default.removeItem(at: url) }
        }
        return n
    }
}
