import ExperimentSpec
import Foundation
import TensorCore

/// A stage body: turns its inputs into artifacts inside a directory.
///
/// The runner gives each run a fresh `context.output` directory; whatever the body writes there
/// becomes the cache entry (checksummed in the manifest). A body that runs long saves
/// checkpoints through `context.checkpoints` and, when started again after an interruption,
/// continues from `context.checkpoints.latest()`: resuming must give the same artifacts as an
/// uninterrupted run. A stage may write `metrics.csv` (header `metric,value`), which the run
/// folder collects.
public protocol Stage: Sendable {
    /// The stage type this body implements (`PlannedStage.kind`).
    var kind: String { get }
    /// Bumped whenever the body's output changes for the same inputs; part of the key.
    var version: Int { get }
    /// Produces the artifacts; throws to fail the stage (earlier stages stay cached).
    func run(_ context: StageContext) throws
}

/// What a running stage sees.
public struct StageContext {
    /// The planned stage (key, fields, locals, experiment).
    public let stage: PlannedStage
    /// Upstream artifact directories by role.
    public let inputs: [String: URL]
    /// Where to write artifacts (empty at the start of every attempt).
    public let output: URL
    /// Resumable checkpoints inside the in-progress entry.
    public let checkpoints: CheckpointStore
    /// Progress of the stage's own loop.
    public let progress: any ProgressReporter
    /// The project root relative paths in the spec are resolved against.
    public let projectRoot: URL

    /// The stage's generator: derived from the spec seed and the stage's kind and label, so it
    /// is the same on every run and resume, and independent between stages.
    public func makeGenerator() -> SeededGenerator {
        let digest = SHA256.hex("\(stage.experiment.seed)/\(stage.kind)/\(stage.label)")
        let seed = UInt64(digest.prefix(16), radix: 16)!
        return SeededGenerator(seed: seed)
    }

    /// The spec's cosmetic settings (checkpoint interval, log frequency, threads).
    public var runtime: RuntimeSpec { stage.experiment.runtime }
}

/// The stage bodies available to the runner, by kind.
public struct StageRegistry: Sendable {
    private var bodies: [String: any Stage] = [:]

    /// A registry holding `stages`.
    public init(_ stages: [any Stage] = []) {
        for s in stages { register(s) }
    }

    /// Adds or replaces the body for `stage.kind`.
    public mutating func register(_ stage: any Stage) { bodies[stage.kind] = stage }

    /// The body for `kind`, if this build has one.
    public func body(for kind: String) -> (any Stage)? { bodies[kind] }

    /// The version that goes into keys: the body's, or 0 while a kind has no body yet.
    public func version(of kind: String) -> Int { bodies[kind]?.version ?? 0 }

    /// The bodies implemented in this module.
    public static let builtin = StageRegistry([
        SelfTestStage(), PreprocessStage(), PretrainStage(), FinetuneStage(), LinearEvalStage(), ReportStage(),
    ])
}
