import ExperimentSpec
import FileSupport
import Foundation
import TensorBoardEvents

/// The files a training stage makes of its scalar log: `scalars.csv` (step, epoch, name, value)
/// and a TensorBoard event file with the same scalars and the stage's hyperparameters.
///
/// Wall times never enter a cache entry: the entry is checksummed and must be byte-identical at
/// any thread count and after a resume. So the cached `scalars.csv` has no wall-time column, and
/// the cached event file takes each scalar's step as its wall time and 0 as its creation time
/// (`events.out.tfevents.0.cache`). The recorded wall times go to `StageContext.wallTimes`,
/// outside the cache; the run folder's view rewrites the event file with them (`StageFolder`).
/// Checkpoints, which are deleted when the entry is sealed, get the real times directly.
enum ScalarLogFiles {
    static let csvName = "scalars.csv"
    /// The cached event file's host part, fixed so its name is the same on every machine.
    static let cachedHost = "cache"
    /// The metrics the HParams tab lists, when the log has them.
    static let headlineMetrics = ["val/macro_auc", "val/loss", "train/loss"]

    /// The log as CSV; with `wallTimes`, a fifth column holds them.
    static func csv(_ log: ScalarLog, wallTimes: [Double]? = nil) -> String {
        var out = wallTimes == nil ? "step,epoch,name,value\n" : "step,epoch,name,value,wall_time\n"
        for (i, r) in log.records.enumerated() {
            out += "\(r.step),\(r.epoch),\(CSV.field(r.name)),\(r.value)"
            if let wallTimes { out += ",\(wallTimes[i])" }
            out += "\n"
        }
        return out
    }

    /// The log's scalars at `wallTimes`, or at their steps without them.
    static func points(_ log: ScalarLog, wallTimes: [Double]? = nil) -> [ScalarPoint] {
        log.records.enumerated().map { i, r in
            ScalarPoint(tag: r.name, step: Int64(r.step), value: r.value, wallTime: wallTimes?[i] ?? Double(r.step))
        }
    }

    /// The metrics of `log` the HParams tab should list.
    static func metrics(_ log: ScalarLog) -> [HParamsMetric] {
        let names = Set(log.records.map(\.name))
        return headlineMetrics.filter(names.contains).map { HParamsMetric(tag: $0) }
    }

    /// Writes the cache's copies into `directory` (the stage's output): nothing in them depends
    /// on when or where the stage ran. `finished` marks the HParams session a success.
    static func writeArtifacts(_ log: ScalarLog, inputs: some CanonicalRepresentable, finished: Bool, to directory: URL) throws {
        try AtomicFile.write(csv(log), to: directory.appendingPathComponent(csvName))
        let end = finished ? SessionEnd(status: .success, time: Double(log.steps)) : nil
        try EventFile.write(scalars: points(log), hparams: HParamsSession(hparams: StageHParams.values(inputs), startTime: 0, end: end),
                            metrics: metrics(log), to: directory, createdAt: 0, hostname: cachedHost)
    }

    /// Writes a checkpoint's copies (real wall times: checkpoints are never part of an entry).
    static func writeCheckpoint(_ log: ScalarLog, inputs: some CanonicalRepresentable, to directory: URL) throws {
        try AtomicFile.write(csv(log, wallTimes: log.wallTimes), to: directory.appendingPathComponent(csvName))
        let start = log.wallTimes.first ?? Date().timeIntervalSince1970
        try EventFile.write(scalars: points(log, wallTimes: log.wallTimes),
                            hparams: HParamsSession(hparams: StageHParams.values(inputs), startTime: start),
                            metrics: metrics(log), to: directory, createdAt: start, hostname: Host.name)
    }

    /// Everything a finished stage writes: the cached copies into `context.output` and the wall
    /// times outside the cache.
    static func finish(_ log: ScalarLog, inputs: some CanonicalRepresentable, context: StageContext) throws {
        try writeArtifacts(log, inputs: inputs, finished: true, to: context.output)
        try WallTimes(host: Host.name, wallTimes: log.wallTimes).write(to: context.wallTimes)
    }
}
