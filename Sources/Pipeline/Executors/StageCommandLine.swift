import Foundation

/// How to start one `runexp stage run` process for a key: the same binary, the project root as
/// working directory, the cache and the experiment files that recover the graph. Workers and
/// Slurm jobs both execute exactly this.
public struct StageCommandLine: Sendable {
    /// The `runexp` executable (absolute).
    public let executable: URL
    /// Working directory: the project root the experiment paths are relative to.
    public let projectRoot: URL
    /// The cache directory (absolute, so jobs on other nodes of a shared filesystem agree).
    public let cache: URL
    /// The experiment files as given (relative to `projectRoot` or absolute).
    public let files: [String]

    /// A command line for the stages of `files` in `cache`.
    public init(executable: URL, projectRoot: URL, cache: URL, files: [String]) {
        self.executable = executable
        self.projectRoot = projectRoot
        self.cache = cache
        self.files = files
    }

    /// The arguments after the executable for stage `key`.
    public func arguments(key: String) -> [String] {
        ["stage", "run", "--cache", cache.path, key] + files
    }

    /// The running binary: what workers and jobs should start.
    public static func currentExecutable() -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.resolvingSymlinksInPath()
    }
}
