import ExperimentSpec
import Foundation

/// A project folder: experiment files are resolved against it, and it holds `cache/` and
/// `runs/`. The entry point for everything the CLI does.
public struct Project {
    /// The project root (spec paths are relative to it).
    public let root: URL
    /// The stage cache.
    public let cache: CacheStore
    /// Stage bodies.
    public let registry: StageRegistry

    /// A project at `root` with its cache in `cache` (default `<root>/cache`).
    public init(root: URL, cache: URL? = nil, registry: StageRegistry) {
        self.root = root
        self.cache = CacheStore(root: cache ?? root.appendingPathComponent("cache"))
        self.registry = registry
    }

    /// Where readable run folders go.
    public var runsDirectory: URL { root.appendingPathComponent("runs") }

    /// Loads and validates experiment files (throws `SpecError`); two files may not share a
    /// name, since the name is their run folder.
    public func load(_ paths: [String]) throws -> [ExperimentFile] {
        let files = try paths.map { try ExperimentFile.load(path: $0) }
        var seen: [String: String] = [:]
        for f in files {
            if let other = seen[f.name], other != f.file {
                throw PipelineError.badInput("\(other) and \(f.file) are both named '\(f.name)' (one run folder runs/\(f.name)); give one a different name")
            }
            seen[f.name] = f.file
        }
        return files
    }

    /// Compiles experiment files into one graph, hashing input datasets (memoized).
    public func plan(_ files: [ExperimentFile]) throws -> StageGraph {
        let fp = DatasetFingerprinter(root: root, memoDirectory: cache.datasetMemo)
        return try GraphCompiler(registry: registry, fingerprinter: fp).compile(files)
    }

    /// A runner over this project's cache.
    public func runner(console: Console) -> Runner {
        Runner(cache: cache, registry: registry, console: console, projectRoot: root)
    }
}
