import Archives
import Datasets
import ExperimentSpec
import FileSupport
import Foundation

/// preprocess(dataset): ingests a corpus (a folder, or a `.zip` / `.tar.gz` as distributed) into
/// the Datasets store (100 Hz, fixed lead order, float32, indexed) inside the cache entry, as
/// `artifacts/store/`.
public struct PreprocessStage: Stage {
    public let version = 2

    /// The stage; it has no configuration beyond its inputs.
    public init() {}

    /// Where the store sits inside a preprocess entry's artifacts.
    public static func store(in artifacts: URL) -> URL { artifacts.appendingPathComponent("store") }

    public func run(_ inputs: PreprocessInputs, _ context: StageContext) throws {
        let path = inputs.path, format = inputs.format
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : context.projectRoot.appendingPathComponent(path)
        let reader = Ingest.reader(format, source: try Self.source(url))
        let summary = try Ingest.run(reader, format: format, destination: Self.store(in: context.output)) { done, total in
            context.progress.update(done: done, total: total, note: "records")
        }
        var metrics = "metric,value\nrecords,\(summary.store.count)\nskipped,\(summary.skipped.count)\n"
        for (set, classes) in summary.store.index.labelSets.sorted(by: { $0.key < $1.key }) {
            metrics += "classes[\(set)],\(classes.count)\n"
        }
        try metrics.write(to: context.output.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
        if !summary.skipped.isEmpty {
            let lines = summary.skipped.map { "\($0.id),\(CSV.field($0.reason))" }.joined(separator: "\n")
            try ("id,reason\n" + lines + "\n").write(to: context.output.appendingPathComponent("skipped.csv"),
                                                     atomically: true, encoding: .utf8)
        }
    }

    /// The format of the dataset at `url`: the one the spec names, else detected from
    /// characteristic files.
    static func format(of ref: DatasetRef, at url: URL) throws -> DatasetFormat {
        if let f = ref.format { return f }
        let source = try Self.source(url)
        func has(_ name: String) -> Bool { source.exists(name) }
        if has("ptbxl_database.csv") { return .ptbxl }
        if has("ecg_tracings.hdf5") { return .ribeiro }
        if has("Diagnostics.csv") || has("Diagnostics.xlsx") { return .zheng }
        if !((try? source.files(withSuffix: ".mat")) ?? []).isEmpty { return .cinc }
        if has("RECORDS") { return .wfdb }
        throw PipelineError.badInput("cannot tell the format of dataset '\(ref.path)' (no ptbxl_database.csv, "
                                     + "ecg_tracings.hdf5, Diagnostics.csv, .mat files or RECORDS); write it as "
                                     + "{path: \(ref.path), format: \(DatasetFormat.allCases.map(\.rawValue).joined(separator: "|"))}")
    }

    /// The dataset's files: a folder, or a `.zip` / `.tar.gz` read in place (one top-level folder
    /// inside is the dataset root).
    static func source(_ url: URL) throws -> any FileSource {
        do {
            return try openDatasetSource(url)
        } catch let e as DatasetError {
            throw PipelineError.badInput("\(e)")
        } catch let e as ArchiveError {
            throw PipelineError.badInput("\(e)")
        }
    }
}

extension StageContext {
    /// The artifacts of the upstream stage in `role`.
    public func artifacts(_ role: InputRole) throws -> URL {
        guard let dir = upstream[role] else {
            throw PipelineError.badInput("stage \(label) has no input '\(role)'; inputs: \(upstream.keys.sorted().map(\.name).joined(separator: ", "))")
        }
        return dir
    }

    /// The store built by the upstream preprocess stage in `role` (`downstream`, `corpus(0)`, …).
    public func store(_ role: InputRole) throws -> Store {
        try Store(directory: PreprocessStage.store(in: try artifacts(role)))
    }
}
