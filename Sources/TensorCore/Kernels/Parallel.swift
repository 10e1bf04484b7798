import Dispatch
import Foundation

/// Runs independent work items on all cores.
///
/// Work is always split by fixed rules that depend on the problem size only, and every reduction
/// combines per-item partials in item order, so results are bitwise independent of how many
/// threads actually ran.
public enum Parallel {
    /// Upper bound on the threads `forEach` uses (1 = run inline); defaults to the core count.
    /// Set from a spec's `runtime.threads`; it changes speed only, never a result.
    nonisolated(unsafe) public static var maxThreads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// `runtime.threads` semantics: 0 means every core.
    public static func setThreads(_ threads: Int) {
        maxThreads = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Calls `body(i)` for `i` in `0..<count`, on at most `maxThreads` threads at once.
    @inlinable @inline(__always)
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let workers = maxThreads
        if count == 1 || workers <= 1 {
            for i in 0..<count { body(i) }
        } else if count > 1 && workers >= count {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else if count > 1 {
            // Items are independent, so which worker runs which item cannot change a result.
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < count { body(i); i += workers }
            }
        }
    }

    /// Number of equal ranges to split `count` elements into so each holds at least `grain` of them.
    @inlinable
    public static func chunkCount(_ count: Int, grain: Int, maxChunks: Int = 64) -> Int {
        max(1, min(maxChunks, count / max(grain, 1)))
    }

    /// The `index`-th of `chunks` near-equal contiguous ranges of `0..<count`.
    @inlinable
    public static func range(_ index: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lo = count * index / chunks, hi = count * (index + 1) / chunks
        return lo..<hi
    }

    /// Applies `body` to contiguous ranges of `0..<count` in parallel (elementwise work).
    @inlinable @inline(__always)
    public static func forRanges(_ count: Int, grain: Int = 32768, _ body: (Range<Int>) -> Void) {
        let chunks = chunkCount(count, grain: grain)
        forEach(chunks) { body(range($0, of: chunks, count: count)) }
    }
}

/// A raw pointer that may be captured by concurrently running closures writing disjoint parts.
public struct SendablePointer<T>: @unchecked Sendable {
    /// The wrapped address.
    public let p: UnsafeMutablePointer<T>
    /// Wraps `p`.
    @inlinable public init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}
