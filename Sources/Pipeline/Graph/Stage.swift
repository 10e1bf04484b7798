import ExperimentSpec
import Foundation
import TensorCore

/// A stage body: turns its typed inputs and upstream artifacts into artifacts inside a directory.
///
/// The runner gives each run a fresh `context.output` directory; whatever the body writes there
/// becomes the cache entry (checksummed in the manifest). A body that runs long saves
/// checkpoints through `context.checkpoints` and, when started again after an interruption,
/// continues from `context.checkpoints.latest()`: resuming must give the same artifacts as an
/// uninterrupted run. A stage may write `metrics.csv` (header `metric,value`), which the run
/// folder collects; training stages also write their `ScalarLog` (`ScalarLogFiles`), which
/// the run folder shows to TensorBoard.
public protocol Stage: Sendable {
    /// What the body reads: the same value its key is computed from.
    associatedtype Inputs: StageInputs
    /// Bumped whenever the body's output changes for the same inputs; part of the key.
    var version: Int { get }
    /// Produces the artifacts; throws to fail the stage (earlier stages stay cached).
    func run(_ inputs: Inputs, _ context: StageContext) throws
}

extension Stage {
    /// The kind of stage this body implements.
    public var kind: StageKind { Inputs.kind }

    /// Runs the body on a planned stage of its kind.
    func run(planned: PlannedStage, _ context: StageContext) throws {
        guard let inputs = planned.inputs as? Inputs else {
            throw PipelineError.cache("stage \(planned.label) [\(planned.key.prefix(12))]: planned with \(type(of: planned.inputs)), its body reads \(Inputs.self)")
        }
        try run(inputs, context)
    }
}

/// What a running stage sees besides its inputs.
public struct StageContext {
    /// The planned stage's key and display label (for messages).
    public let key: String
    public let label: String
    /// Upstream artifact directories by role.
    public let upstream: [InputRole: URL]
    /// Where to write artifacts (empty at the start of every attempt).
    public let output: URL
    /// Resumable checkpoints inside the in-progress entry.
    public let checkpoints: CheckpointStore
    /// Progress of the stage's own loop.
    public let progress: any ProgressReporter
    /// The project root relative paths in the spec are resolved against.
    public let projectRoot: URL
    /// Cosmetic settings: log and checkpoint cadence, threads.
    public let runtime: RuntimeSpec
    /// Where the stage leaves the wall times of its scalar log: outside the cache, so the
    /// checksummed entry stays identical between runs (see `ScalarLogFiles`).
    public let wallTimes: URL
    /// The stage's generator seed, from its inputs' generator material.
    let generatorSeed: UInt64

    /// A context for the planned stage `stage`.
    init(stage: PlannedStage, upstream: [InputRole: URL], output: URL, checkpoints: CheckpointStore,
         progress: any ProgressReporter, projectRoot: URL, wallTimes: URL? = nil) {
        key = stage.key
        label = stage.label
        self.upstream = upstream
        self.output = output
        self.checkpoints = checkpoints
        self.progress = progress
        self.projectRoot = projectRoot
        runtime = stage.runtime
        self.wallTimes = wallTimes ?? WallTimes.url(runs: projectRoot.appendingPathComponent("runs"), key: stage.key)
        generatorSeed = Self.seed(stage.inputs.generatorMaterial)
    }

    /// The stage's generator: the same on every run and resume, independent between stages.
    public func makeGenerator() -> SeededGenerator { SeededGenerator(seed: generatorSeed) }

    /// The first 64 bits of SHA-256 of `material`.
    static func seed(_ material: String) -> UInt64 {
        UInt64(SHA256.hex(material).prefix(16), radix: 16) ?? 0
    }
}

/// The stage bodies available to the runner, by kind.
public struct StageRegistry: Sendable {
    private var bodies: [StageKind: any Stage] = [:]

    /// A registry holding `stages`.
    public init(_ stages: [any Stage] = []) {
        for s in stages { register(s) }
    }

    /// Adds or replaces the body for `stage.kind`.
    public mutating func register(_ stage: any Stage) { bodies[stage.kind] = stage }

    /// The body for `kind`, if this build has one.
    public func body(for kind: StageKind) -> (any Stage)? { bodies[kind] }

    /// The version that goes into keys: the body's, or 0 while a kind has no body yet.
    public func version(of kind: StageKind) -> Int { bodies[kind]?.version ?? 0 }

    /// The bodies implemented in this module.
    public static let builtin = StageRegistry([
        SelfTestStage(), PreprocessStage(), PretrainStage(), FinetuneStage(), LinearEvalStage(), ReportStage(),
    ])
}
