import ArgumentParser
import Foundation
import Pipeline

/// `runexp stage run KEY FILE...`: what every local worker and Slurm job executes.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage", abstract: "Work on single stages by key.", subcommands: [StageRunCommand.self])
}

/// Builds exactly one stage, found by its key in the graph of the experiment files; its upstream
/// stages must already be cached.
struct StageRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Build one stage by key (its upstream stages must be cached).")

    @OptionGroup var options: CacheOptions
    @Argument(help: "The stage's key (or a unique prefix of at least 8 characters).") var key: String
    @Argument(help: "The experiment files whose graph holds the stage.") var files: [String]

    func run() throws {
        let project = options.project()
        let graph = try exitOnError { try project.plan(try project.load(files)) }
        let matches = key.count >= 8 ? graph.order.filter { $0.hasPrefix(key) } : []
        guard matches.count == 1, let stage = graph.nodes[matches[0]] else {
            let why = matches.isEmpty ? "no stage with key \(key)" : "key prefix \(key) matches \(matches.count) stages"
            FileHandle.standardError.write(Data("error: \(why) in \(files.joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        let missing = stage.upstream.filter { !project.cache.contains($0.value) }
        guard missing.isEmpty else {
            let list = missing.map { "\($0.key) \(graph.nodes[$0.value]!.label) [\($0.value.prefix(12))]" }.sorted()
            FileHandle.standardError.write(Data("error: \(stage.label) needs upstream stages not cached: \(list.joined(separator: ", "))\n".utf8))
            throw ExitCode(1)
        }
        let summary = project.runner(console: Console()).run(graph, targets: [stage.key])
        for f in summary.failures { FileHandle.standardError.write(Data("error: \(f)\n".utf8)) }
        if !summary.succeeded { throw ExitCode(1) }
    }
}
