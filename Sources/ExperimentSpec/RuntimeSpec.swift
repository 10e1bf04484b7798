/// Cosmetic settings: how a run looks and paces itself, never what it computes. None of these
/// enter a stage key (results do not depend on thread count, and resume is exact at any
/// checkpoint interval).
public struct RuntimeSpec: Sendable, Equatable {
    /// Log a progress line every this many steps.
    public let logEvery: Int
    /// Worker threads (0 = all cores).
    public let threads: Int
    /// Training stages write a resumable checkpoint every this many steps.
    public let checkpointEvery: Int

    /// Values used when the spec has no `runtime` block.
    public static let defaults = RuntimeSpec(logEvery: 50, threads: 0, checkpointEvery: 500)

    static func decode(_ n: SpecNode?) throws -> RuntimeSpec {
        guard let n else { return .defaults }
        let m = try n.mapping()
        let d = RuntimeSpec.defaults
        let r = RuntimeSpec(
            logEvery: try m.value("log_every", default: d.logEvery) { try $0.int(in: 1...Int.max) },
            threads: try m.value("threads", default: d.threads) { try $0.int(in: 0...4096) },
            checkpointEvery: try m.value("checkpoint_every", default: d.checkpointEvery) { try $0.int(in: 1...Int.max) })
        try m.finish()
        return r
    }
}

/// The runner's self-test workload: a seeded iterated computation that checkpoints like a
/// training stage, so cache, locking and resume can be exercised on a machine or shared
/// filesystem (e.g. before a cluster sweep) without training anything.
public struct SelfTestSpec: Sendable, Equatable, CanonicalRepresentable {
    /// Iterations to run.
    public let steps: Int
    /// State vector length (work per step).
    public let width: Int

    public var canonical: CanonicalValue { .object(["steps": .int(steps), "width": .int(width)]) }

    static func decode(_ n: SpecNode) throws -> SelfTestSpec {
        let m = try n.mapping()
        let s = SelfTestSpec(steps: try m.required("steps") { try $0.int(in: 1...1_000_000_000) },
                             width: try m.value("width", default: 64) { try $0.int(in: 1...65_536) })
        try m.finish()
        return s
    }
}
