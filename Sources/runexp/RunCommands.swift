import ArgumentParser
import ExperimentSpec
import Foundation
import Pipeline
import Report

/// Options every runner command shares: where the cache lives.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: "Cache directory (default: ./cache).")
    var cache: String?

    /// The project in the current directory, with the stage bodies of this build.
    func project() -> Project {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return Project(root: root, cache: cache.map { URL(fileURLWithPath: $0, relativeTo: root) },
                       registry: StageRegistry.builtin)
    }
}

/// Bad input (spec errors, missing datasets) exits with 2 and the message; anything else with 1.
func exitOnError<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as SpecError {
        FileHandle.standardError.write(Data("error: \(e)\n".utf8))
        throw ExitCode(2)
    } catch let e as PipelineError {
        FileHandle.standardError.write(Data("error: \(e)\n".utf8))
        if case .badInput = e { throw ExitCode(2) }
        throw ExitCode(1)
    }
}

/// `runexp run FILE...`: builds every stage that is not cached.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run experiments: every stage not already cached, resuming interrupted ones.")

    @OptionGroup var options: CacheOptions
    @Option(name: .long, help: "Build only stages with this label, kind or key prefix (and what they need).")
    var stage: String?
    @OptionGroup var executor: ExecutorOptions
    @Argument(help: "Experiment files.") var files: [String]

    func run() throws {
        let project = options.project()
        let (loaded, graph) = try exitOnError { () -> ([ExperimentFile], StageGraph) in
            let f = try project.load(files)
            return (f, try project.plan(f))
        }
        let console = Console()
        for f in loaded {
            try console.attachLog(RunFolder(runs: project.runsDirectory, name: f.name).newLog())
        }
        for note in Self.notes(loaded) { console.line("note: \(note)") }
        console.line("\(graph.order.count) distinct stages in \(loaded.map(\.file).joined(separator: ", "))")
        var targets: Set<String>?
        if let stage {
            targets = Set(graph.ordered.filter {
                $0.label == stage || $0.kind.rawValue == stage || (stage.count >= 8 && $0.key.hasPrefix(stage))
            }.map(\.key))
            if targets!.isEmpty {
                FileHandle.standardError.write(Data("error: no stage '\(stage)' in \(files.joined(separator: ", "))\n".utf8))
                throw ExitCode(2)
            }
        }
        if executor.executor == .slurm {
            return try executor.submit(project, graph: graph, targets: targets, files: files, console: console)
        }
        let summary = try executor.runLocally(project, graph: graph, targets: targets, files: files, console: console)
        for f in loaded {
            try RunFolder(runs: project.runsDirectory, name: f.name)
                .update(variants: graph.variants.filter { $0.experiment.file == f.file }, cache: project.cache,
                        reportKey: graph.reports[f.file])
        }
        console.line("summary: \(summary.cached.count) cached, \(summary.executed.count) executed, "
                     + "\(summary.resumed.count) resumed, \(summary.rebuilt.count) rebuilt, "
                     + "\(summary.failures.count) failed, \(summary.skipped.count) skipped")
        for f in summary.failures { console.line("error: \(f)") }
        console.line("run folders: " + loaded.map { "runs/\($0.name)/" }.joined(separator: ", "))
        if !summary.succeeded { throw ExitCode(1) }
    }
}

/// `runexp plan FILE`: the stage graph with each stage's status.
extension RunCommand {
    /// The plan-time notes of every variant, each once.
    static func notes(_ files: [ExperimentFile]) -> [String] {
        var seen = Set<String>()
        return files.flatMap(\.variants).flatMap(\.planNotes).filter { seen.insert($0).inserted }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the stage graph: each stage cached, to run, or to resume.")

    @OptionGroup var options: CacheOptions
    @Argument(help: "Experiment files.") var files: [String]

    func run() throws {
        let project = options.project()
        let (loaded, graph) = try exitOnError { () -> ([ExperimentFile], StageGraph) in
            let f = try project.load(files)
            return (f, try project.plan(f))
        }
        for note in RunCommand.notes(loaded) { print("note: \(note)") }
        let runner = project.runner(console: Console(quiet: true))
        var counts: [String: Int] = [:]
        for s in graph.ordered { counts[runner.status(of: s).text.components(separatedBy: " (")[0], default: 0] += 1 }
        let width = (graph.ordered.map(\.label.count).max() ?? 0) + 2
        var lastFile = ""
        for v in graph.variants {
            if v.experiment.file != lastFile {
                lastFile = v.experiment.file
                print("\(v.experiment.file) (\(v.experiment.name))")
            }
            if !v.experiment.variantLabel.isEmpty { print("  [\(v.experiment.variantLabel)]") }
            for s in v.stages {
                let st = graph.nodes[s.key]!
                print("    \(s.label.padding(toLength: width, withPad: " ", startingAt: 0)) \(s.key.prefix(12))  \(runner.status(of: st).text)")
            }
        }
        for (file, key) in graph.reports.sorted(by: { $0.key < $1.key }) {
            print("  report of \(file): \(key.prefix(12))  \(runner.status(of: graph.nodes[key]!).text)")
        }
        print("\(graph.order.count) distinct stages: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
    }
}

/// `runexp explain FILE [--stage S]`: why stages will run.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain, field by field, why a stage's key differs from the nearest cached entry.")

    @OptionGroup var options: CacheOptions
    @Argument(help: "Experiment file.") var file: String
    @Option(name: .long, help: "Stage label or kind (e.g. pretrain, finetune[folds=2]); default: every stage that will run.")
    var stage: String?

    func run() throws {
        let project = options.project()
        let graph = try exitOnError { try project.plan(try project.load([file])) }
        let explainer = Explainer(cache: project.cache, graph: graph)
        var seen = Set<String>()
        let matching = graph.ordered.filter { s in
            guard let stage else { return !project.cache.contains(s.key) }
            return s.label == stage || s.kind.rawValue == stage
        }
        if let stage, matching.isEmpty {
            let names = Set(graph.ordered.map(\.label)).sorted().joined(separator: ", ")
            FileHandle.standardError.write(Data("error: no stage '\(stage)' in \(file); stages: \(names)\n".utf8))
            throw ExitCode(2)
        }
        if matching.isEmpty { print("every stage of \(file) is cached") }
        for s in matching where seen.insert(s.key).inserted {
            let variants = graph.variants.filter { $0.stages.contains { $0.key == s.key } }.map(\.experiment.variantLabel)
            if variants.contains(where: { !$0.isEmpty }) { print("[\(variants.joined(separator: " | "))]") }
            print(explainer.explain(s), terminator: "")
        }
    }
}

/// `runexp status`: what the cache holds and what is in progress.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show cache contents, in-progress stages and recent events.")

    @OptionGroup var options: CacheOptions
    @Flag(name: .long, help: "Re-hash every artifact of every entry and report corrupted ones (exit 1 if any).")
    var verify = false

    func run() throws {
        let project = options.project()
        let cache = project.cache
        var byKind: [String: (count: Int, bytes: Int64)] = [:]
        for key in cache.allKeys() {
            guard let m = cache.manifest(key) else { continue }
            let bytes = m.artifacts.reduce(Int64(0)) { $0 + $1.size }
            byKind[m.kind, default: (0, 0)].count += 1
            byKind[m.kind, default: (0, 0)].bytes += bytes
        }
        print("cache \(cache.root.path)")
        if byKind.isEmpty { print("  no entries") }
        for (kind, v) in byKind.sorted(by: { $0.key < $1.key }) {
            print("  \(kind.padding(toLength: 12, withPad: " ", startingAt: 0)) \(v.count) entries, \(ByteCountFormatter.string(fromByteCount: v.bytes, countStyle: .file))")
        }
        let partial = cache.partialKeys()
        if !partial.isEmpty { print("in progress") }
        let recent = cache.events.all()
        for key in partial {
            let label = recent.last { $0.key == key }?.label ?? "?"
            let ck = cache.checkpoints(key, interval: 1).latest().map { "checkpoint at step \($0.step)" } ?? "no checkpoint"
            print("  \(key.prefix(12)) \(label): \(ck)")
        }
        if !recent.isEmpty { print("recent events") }
        for e in recent.suffix(10) {
            print("  \(e.time) \(e.event.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.label) [\(e.key.prefix(12))] pid \(e.pid)@\(e.host)")
        }
        for line in SlurmStatus.lines(cache: cache) { print(line) }
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: project.runsDirectory.path)) ?? []
        if !runs.isEmpty { print("runs: \(runs.sorted().joined(separator: ", "))") }
        if verify {
            let keys = cache.allKeys()
            let bad = keys.compactMap { k in cache.verify(k, full: true).map { (k, $0) } }
            print("verified \(keys.count) entries: \(bad.isEmpty ? "all intact" : "\(bad.count) corrupted")")
            for (k, problem) in bad { print("  CORRUPTED \(k.prefix(12)) \(cache.manifest(k)?.label ?? "?"): \(problem) (the next run rebuilds it)") }
            if !bad.isEmpty { throw ExitCode(1) }
        }
    }
}

/// `runexp report FILE...`: the results of experiments from the cache alone.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print experiments' results from the cache and write them to results/<experiment>/ (the report stage, else the collected metrics).")

    @OptionGroup var options: CacheOptions
    @Option(name: .long, help: "Also write the table across the experiments to results/combined/<NAME>/ (md, csv, tex).")
    var combined: String?
    @Argument(help: "Experiment files.") var files: [String]

    func validate() throws {
        if let combined, combined.isEmpty || combined.contains("/") || combined.hasPrefix(".") {
            throw ValidationError("--combined takes a plain name (no '/', not starting with '.'), not '\(combined)'")
        }
    }

    func run() throws {
        let project = options.project()
        let loaded = try exitOnError { try project.load(files) }
        let graph = try exitOnError { try project.plan(loaded) }
        var tables: [ExperimentResults] = []
        for f in loaded {
            print("# \(f.name) (\(f.file))")
            if let key = graph.reports[f.file], project.cache.contains(key),
               let md = try? String(contentsOf: project.cache.artifacts(key).appendingPathComponent("results.md"), encoding: .utf8) {
                print(md)
                if let json = try? Data(contentsOf: project.cache.artifacts(key).appendingPathComponent("results.json")) {
                    tables.append(ExperimentResults(name: f.name, entries: try ResultsTable.entries(json: json)))
                }
                let published = try ResultsPublisher.publish(report: project.cache.artifacts(key), key: key, name: f.name, root: project.root)
                print("(written to \(published.path))")
                continue
            }
            let folder = RunFolder(runs: project.runsDirectory, name: f.name)
            try folder.update(variants: graph.variants.filter { $0.experiment.file == f.file }, cache: project.cache,
                              reportKey: graph.reports[f.file])
            let metrics = (try? String(contentsOf: folder.directory.appendingPathComponent("metrics.csv"), encoding: .utf8)) ?? ""
            print(graph.reports[f.file] == nil ? "(no report stage; metrics collected from stages)" : "(report stage not built yet; metrics collected so far)")
            print(metrics, terminator: "")
        }
        try Self.combine(tables, name: combined, root: project.root)
    }

    /// Prints the table across experiments (two or more reports) and, when named, writes it.
    static func combine(_ tables: [ExperimentResults], name: String?, root: URL) throws {
        guard tables.count >= 2 || (name != nil && !tables.isEmpty) else {
            if name != nil { print("(no built reports to combine)") }
            return
        }
        let title = "Combined: " + tables.map(\.name).joined(separator: ", ")
        let md = CombinedTable.markdown(tables, title: title)
        print("# combined\n\(md)")
        guard let name else { return }
        let dir = root.appendingPathComponent("results/combined/\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try md.write(to: dir.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
        try CombinedTable.csv(tables).write(to: dir.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        try CombinedTable.latex(tables, caption: "\(title). Test macro ROC-AUC, 95 % bootstrap CI over test records.")
            .write(to: dir.appendingPathComponent("results.tex"), atomically: true, encoding: .utf8)
        print("(combined table written to \(dir.path))")
    }
}

/// `runexp gc`: removes cache entries no checked-in experiment references.
struct GcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gc", abstract: "Remove cache entries that no experiment file references (default: experiments/**/*.yaml).")

    @OptionGroup var options: CacheOptions
    @Flag(name: .long, help: "Only list what would be removed.") var dryRun = false
    @Argument(help: "Experiment files whose stages to keep.") var files: [String] = []

    func run() throws {
        let project = options.project()
        let paths = files.isEmpty ? Self.checkedIn(project.root.appendingPathComponent("experiments")) : files
        // Names do not matter here (no run folders are written), only which stages are referenced.
        let graph = try exitOnError { try project.plan(try paths.map { try ExperimentFile.load(path: $0) }) }
        let gc = GarbageCollector(cache: project.cache)
        let result = try gc.collect(keep: Set(graph.order), dryRun: dryRun)
        let size = ByteCountFormatter.string(fromByteCount: result.bytes, countStyle: .file)
        print("\(dryRun ? "would remove" : "removed") \(result.keys.count) entries (\(size)); kept \(graph.order.count) referenced by \(paths.count) files")
        if !dryRun {
            let links = gc.pruneLinks(in: project.runsDirectory, dryRun: false)
            if links > 0 { print("removed \(links) run-folder links to removed entries") }
        }
    }

    static func checkedIn(_ dir: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted().map { "experiments/\($0)" }
    }
}
