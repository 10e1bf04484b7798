import Foundation
@testable import Pipeline
import XCTest

/// Planning and submitting Slurm jobs without a cluster: grouping, scripts, refused submissions.
final class SlurmExecutorTests: XCTestCase {
    private var project: TestProject!
    private var graph: StageGraph!

    override func setUpWithError() throws {
        project = try TestProject()
        graph = try project.plan(baseSpec + "sweep:\n  grid: {pretrain.trafos: [[RRC, TO], [GN, ChR], [RRC, GN]]}\n")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project.root) }

    private func executor(path: [String] = ["/nonexistent"]) -> SlurmExecutor {
        SlurmExecutor(command: StageCommandLine(executable: URL(fileURLWithPath: "/opt/bin/runexp"), projectRoot: project.root,
                                                cache: project.project.cache.root, files: ["exp's.yaml"]),
                      options: SlurmOptions(partition: "gpu", time: "1:00:00", cpusPerTask: 4, mem: "8G"),
                      client: SlurmClient(path: path), cache: project.project.cache)
    }

    func testSiblingsBecomeArraysChainedAlongTheGraph() {
        let groups = executor().plan(graph).groups
        XCTAssertEqual(groups.map(\.kind), ["preprocess", "pretrain", "finetune", "linear-eval", "report"])
        XCTAssertEqual(groups.map(\.keys.count), [2, 3, 3, 3, 1])
        XCTAssertEqual(groups.map(\.waitsForGroups), [[], [0], [0, 1], [0, 1], [1, 2, 3]])
        // Each evaluation needs only its own variant's pretraining: task-by-task dependency.
        XCTAssertEqual(groups.map(\.correspondingGroups), [[], [], [1], [1], []])
        let all = groups.flatMap(\.keys)
        XCTAssertEqual(Set(all), Set(graph.order), "every stage submitted exactly once")
        XCTAssertEqual(all.count, graph.order.count)
    }

    func testCachedStagesAreNotSubmittedAndTheirDependentsDoNotWaitForThem() {
        _ = project.run(graph, kinds: ["preprocess"])
        let groups = executor().plan(graph).groups
        XCTAssertEqual(groups.map(\.kind), ["pretrain", "finetune", "linear-eval", "report"])
        XCTAssertEqual(groups.map(\.waitsForGroups), [[], [0], [0], [0, 1, 2]])
    }

    func testDryRunScriptsCarryDependenciesResourcesAndTheStageCommand() {
        let scripts = executor().dryRun(graph)
        XCTAssertEqual(scripts.count, 5)
        let pretrain = scripts[1]
        for line in ["#SBATCH --array=0-2", "#SBATCH --dependency=afterok:<group 1>", "#SBATCH --kill-on-invalid-dep=yes",
                     "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=8G",
                     "key=${keys[${SLURM_ARRAY_TASK_ID:-0}]}", "cd '\(project.root.path)'",
                     "exec '/opt/bin/runexp' 'stage' 'run' '--cache' '\(project.project.cache.root.path)' \"$key\" 'exp'\\''s.yaml'"] {
            XCTAssertTrue(pretrain.contains(line + "\n"), "missing \(line) in\n\(pretrain)")
        }
        XCTAssertFalse(scripts[0].contains("--dependency"), scripts[0])
        XCTAssertTrue(scripts[2].contains("#SBATCH --dependency=afterok:<group 1>,aftercorr:<group 2>\n"), scripts[2])
        XCTAssertTrue(scripts[4].contains("#SBATCH --dependency=afterok:<group 2>:<group 3>:<group 4>\n"), scripts[4])
        let pretrainKeys = graph.ordered.filter { $0.kind == .pretrain }.map(\.key)
        XCTAssertTrue(pretrain.contains("keys=(\(pretrainKeys.joined(separator: " ")))\n"), pretrain)
    }

    func testMissingSbatchIsAClearErrorAndNothingIsRecorded() {
        XCTAssertThrowsError(try executor().submit(graph, console: Console(quiet: true))) { e in
            XCTAssertTrue("\(e)".contains("sbatch not found on PATH (/nonexistent)"), "\(e)")
        }
        XCTAssertTrue(SlurmJobStore(cache: project.project.cache).all().isEmpty)
    }

    func testARefusedJobShowsSbatchsMessageAndIsNotRecorded() throws {
        // An sbatch that accepts the first submission and refuses the second, as a cluster over
        // its job limit does.
        let bin = project.root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let sbatch = bin.appendingPathComponent("sbatch")
        try """
            #!/bin/sh
            if [ -e "\(bin.path)/accepted" ]; then
              echo "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy" >&2; exit 1
            fi
            touch "\(bin.path)/accepted"; echo 41
            """.write(to: sbatch, atomically: true, encoding: .utf8)
        chmod(sbatch.path, 0o755)
        XCTAssertThrowsError(try executor(path: [bin.path]).submit(graph, console: Console(quiet: true))) { e in
            XCTAssertTrue("\(e)".contains("sbatch refused pretrain-"), "\(e)")
            XCTAssertTrue("\(e)".contains("Job violates accounting/QOS policy"), "\(e)")
        }
        let records = SlurmJobStore(cache: project.project.cache).all()
        XCTAssertEqual(records.map(\.kind), ["preprocess", "preprocess"])
        XCTAssertEqual(Set(records.map(\.jobId)), ["41_0", "41_1"])
    }
}
