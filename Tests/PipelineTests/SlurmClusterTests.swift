import Foundation
@testable import Pipeline
import XCTest

/// The sweep through real `sbatch` jobs on a one-node cluster that the test starts
/// (`scripts/slurm-test-cluster.sh`) and stops again if it was not already running.
final class SlurmClusterTests: XCTestCase {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/slurm-test-cluster.sh").standardizedFileURL
    private var startedCluster = false

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: ScaleOutFixture.runexp.path),
                          "runexp not built at \(ScaleOutFixture.runexp.path)")
        // `make test` runs as root on CI and installs slurm-wlm and munge; elsewhere the cluster
        // cannot be started, which is no defect of the code under test.
        try XCTSkipUnless(getuid() == 0, "the Slurm test cluster needs root (to install and start slurm-wlm and munge)")
        let hasSlurm = FileManager.default.isExecutableFile(atPath: "/usr/sbin/slurmctld")
        try XCTSkipUnless(hasSlurm || FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get"),
                          "slurm-wlm is not installed and apt-get is unavailable to install it")
        if try shell("sinfo -h -o %t 2>/dev/null | grep -qx 'idle\\|mix\\|alloc'").status == 0 { return }
        // Bounded (apt-get may run), and a failed start fails the test with the script's log.
        let r = try shell("timeout 600 '\(Self.script.path)' start </dev/null")
        startedCluster = true
        guard r.status == 0 else {
            throw ClusterStartFailed(message: "scripts/slurm-test-cluster.sh start exited \(r.status):\n\(r.output)")
        }
    }

    override func tearDownWithError() throws {
        guard startedCluster else { return }
        let r = try shell("timeout 120 '\(Self.script.path)' stop </dev/null")
        XCTAssertEqual(r.status, 0, "scripts/slurm-test-cluster.sh stop: \(r.output)")
    }

    private struct ClusterStartFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private func shell(_ command: String) throws -> (status: Int32, output: String) {
        let r = try SlurmClient.execute(URL(fileURLWithPath: "/bin/bash"), ["-c", command + " 2>&1"])
        return (r.status, r.out)
    }

    /// Waits until `done` holds or every recorded job has left the queue.
    private func waitForJobs(_ f: ScaleOutFixture, timeout: TimeInterval = 600, until done: () -> Bool) {
        let store = SlurmJobStore(cache: f.project.cache)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && !done() {
            let states = SlurmClient().states(store.all().map(\.jobId))
            if !states.values.contains(where: \.isActive) { return }
            usleep(200_000)
        }
    }

    /// Every job's output, for failure messages.
    private func jobLogs(_ f: ScaleOutFixture) -> String {
        let dir = SlurmJobStore(cache: f.project.cache).logs
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        return names.map { "== \($0)\n" + ((try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "") }
            .joined(separator: "\n")
    }

    func testSweepThroughSbatchMatchesALocalRunAndACancelledPretrainResumes() throws {
        let f = try ScaleOutFixture(records: 60)
        defer { f.remove() }
        try f.write("sweep.yaml", ScaleOutFixture.sweep)
        let graph = try f.graph(["sweep.yaml"])
        let report = try XCTUnwrap(graph.reports.values.first)

        let submit = try f.run(["run", "--executor", "slurm", "sweep.yaml"])
        XCTAssertEqual(submit.status, 0, submit.stderr)
        XCTAssertTrue(submit.stderr.contains("submitted 4 pretrain stages as array job"), submit.stderr)
        XCTAssertTrue(submit.stderr.contains("(task by task)"), "evaluations wait for their own pretraining:\n\(submit.stderr)")
        waitForJobs(f) { f.project.cache.contains(report) }
        let status = try f.run(["status"])
        XCTAssertTrue(f.project.cache.contains(report), status.stdout + jobLogs(f))
        XCTAssertEqual(f.completions(), Dictionary(uniqueKeysWithValues: graph.order.map { ($0, 1) }),
                       "every stage, preprocess included, built once")
        XCTAssertEqual(status.stdout.components(separatedBy: "cached      (job ").count - 1, graph.order.count, status.stdout)
        // Job ids of the shared preprocess stages are distinct from the pretrain array's tasks.
        XCTAssertEqual(Set(SlurmJobStore(cache: f.project.cache).all().map(\.jobId)).count, graph.order.count)

        let local = try f.run(["run", "--cache", "local-cache", "sweep.yaml"])
        XCTAssertEqual(local.status, 0, local.stderr)
        let viaSlurm = try Data(contentsOf: f.project.cache.artifacts(report).appendingPathComponent("results.csv"))
        let viaLocal = try Data(contentsOf: CacheStore(root: f.root.appendingPathComponent("local-cache")).artifacts(report)
            .appendingPathComponent("results.csv"))
        XCTAssertEqual(viaSlurm, viaLocal)

        // A longer single pretraining, cancelled once it has checkpointed.
        try f.write("long.yaml", ScaleOutFixture.sweep.replacingOccurrences(of: "epochs: 1, batch_size: 32", with: "epochs: 6, batch_size: 32")
            .replacingOccurrences(of: "[[RRC, TO], [GN, ChR], [RRC, GN], [TO, ChR]]", with: "[[RRC, TO]]"))
        let long = try f.graph(["long.yaml"])
        let pretrain = try XCTUnwrap(long.ordered.first { $0.kind == .pretrain })
        let first = try f.run(["run", "--executor", "slurm", "long.yaml"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let checkpoints = f.project.cache.checkpoints(pretrain.key, interval: 2)
        let deadline = Date().addingTimeInterval(300)
        while checkpoints.latest() == nil && !f.project.cache.contains(pretrain.key) && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(f.project.cache.contains(pretrain.key), "pretraining finished before it could be cancelled; make it longer")
        let job = try XCTUnwrap(SlurmJobStore(cache: f.project.cache).record(pretrain.key)).jobId
        XCTAssertEqual(try shell("scancel \(job)").status, 0)
        waitForJobs(f) { false }
        let afterCancel = try f.run(["status"])
        XCTAssertTrue(afterCancel.stdout.contains("\(pretrain.key.prefix(12))  failed      (job \(job) CANCELLED"), afterCancel.stdout)

        let store = SlurmJobStore(cache: f.project.cache)
        let before = Dictionary(uniqueKeysWithValues: long.order.compactMap { k in store.record(k).map { (k, $0.jobId) } })
        let unfinished = Set(long.order.filter { !f.project.cache.contains($0) })
        XCTAssertTrue(unfinished.contains(pretrain.key))
        XCTAssertTrue(long.order.contains { f.project.cache.contains($0) }, "the preprocess stages are shared with the sweep")
        let again = try f.run(["run", "--executor", "slurm", "long.yaml"])
        XCTAssertEqual(again.status, 0, again.stderr)
        for key in long.order {
            let now = store.record(key)?.jobId
            if unfinished.contains(key) {
                XCTAssertNotEqual(now, before[key], "\(long.nodes[key]!.label) resubmitted")
            } else {
                XCTAssertEqual(now, before[key], "\(long.nodes[key]!.label) is cached and not resubmitted")
            }
        }
        waitForJobs(f) { long.reports.values.allSatisfy(f.project.cache.contains) }
        XCTAssertTrue(long.order.allSatisfy(f.project.cache.contains), jobLogs(f))
        let events = f.project.cache.events.all().filter { $0.key == pretrain.key }.map(\.event)
        XCTAssertEqual(events.filter { $0 == "resumed" }.count, 1, "\(events)")
        XCTAssertEqual(events.last, "completed")
    }
}
