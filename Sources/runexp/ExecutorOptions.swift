import ArgumentParser
import Foundation
import Pipeline

/// Where `runexp run` builds stages: in this process, in local worker processes, or as Slurm jobs.
struct ExecutorOptions: ParsableArguments {
    /// The executors `--executor` accepts.
    enum Kind: String, ExpressibleByArgument, CaseIterable { case local, slurm }

    @Option(name: .long, help: "local (this machine) or slurm (one sbatch job per stage not cached).")
    var executor: Kind = .local
    @Option(name: .long, help: "Local worker processes building independent stages at once.")
    var jobs: Int = 1
    @Option(name: .long, help: "Slurm partition.") var partition: String?
    @Option(name: .long, help: "Slurm time limit per job (e.g. 2:00:00).") var time: String?
    @Option(name: .customLong("cpus-per-task"), help: "Slurm CPUs per job.") var cpusPerTask: Int?
    @Option(name: .long, help: "Slurm memory per job (e.g. 8G).") var mem: String?
    @Flag(name: .long, help: "With --executor slurm: print the sbatch scripts instead of submitting them.")
    var dryRun = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
        if executor == .local, partition != nil || time != nil || cpusPerTask != nil || mem != nil || dryRun {
            throw ValidationError("--partition, --time, --cpus-per-task, --mem and --dry-run need --executor slurm")
        }
        if executor == .slurm, jobs != 1 { throw ValidationError("--jobs applies to --executor local; Slurm decides concurrency") }
    }

    func commandLine(_ project: Project, files: [String]) -> StageCommandLine {
        StageCommandLine(executable: StageCommandLine.currentExecutable(), projectRoot: project.root,
                         cache: project.cache.root.standardizedFileURL, files: files)
    }

    /// Submits to Slurm (or prints the scripts with `--dry-run`).
    func submit(_ project: Project, graph: StageGraph, targets: Set<String>?, files: [String], console: Console) throws {
        let slurm = SlurmExecutor(command: commandLine(project, files: files),
                                  options: SlurmOptions(partition: partition, time: time, cpusPerTask: cpusPerTask, mem: mem),
                                  client: SlurmClient(), cache: project.cache)
        if dryRun {
            let scripts = slurm.dryRun(graph, targets: targets)
            if scripts.isEmpty { print("# every stage is cached or queued; nothing to submit") }
            for (i, s) in scripts.enumerated() { print("# ---- group \(i + 1) ----\n\(s)") }
            return
        }
        _ = try exitOnError { try slurm.submit(graph, targets: targets, console: console) }
    }

    /// Builds in this process (`--jobs 1`) or in `--jobs` worker processes.
    func runLocally(_ project: Project, graph: StageGraph, targets: Set<String>?, files: [String], console: Console) throws -> RunSummary {
        if jobs == 1 { return project.runner(console: console).run(graph, targets: targets) }
        return try exitOnError {
            try LocalWorkers(command: commandLine(project, files: files), jobs: jobs, console: console)
                .run(graph, cache: project.cache, targets: targets)
        }
    }
}
