import Foundation
@testable import Pipeline
import XCTest

/// `runexp run --jobs N`: stages in worker processes, each exactly once, same results.
final class LocalWorkersTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: ScaleOutFixture.runexp.path),
                          "runexp not built at \(ScaleOutFixture.runexp.path)")
    }

    func testTwoWorkersBuildEachStageOnceAndReportLikeOneProcess() throws {
        let f = try ScaleOutFixture(records: 60)
        defer { f.remove() }
        try f.write("sweep.yaml", ScaleOutFixture.sweep)
        let graph = try f.graph(["sweep.yaml"])
        XCTAssertEqual(graph.order.count, 11, "preprocess ×2, pretrain ×4, linear-eval ×4, report")

        let r = try f.run(["run", "--jobs", "2", "sweep.yaml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(f.completions(), Dictionary(uniqueKeysWithValues: graph.order.map { ($0, 1) }))
        // Two workers really overlapped: some stage started while another was still building.
        let events = f.project.cache.events.all().filter { ["started", "completed"].contains($0.event) }
        var open = 0, most = 0
        for e in events { open += e.event == "started" ? 1 : -1; most = max(most, open) }
        XCTAssertEqual(most, 2, events.map { "\($0.event) \($0.label)" }.joined(separator: "\n"))
        XCTAssertEqual(Set(events.map(\.pid)).count, graph.order.count, "one worker process per stage")

        // Same report as a single-process run of the same files in a fresh cache.
        let report = try XCTUnwrap(graph.reports.values.first)
        let parallel = try Data(contentsOf: f.project.cache.artifacts(report).appendingPathComponent("results.csv"))
        let again = try f.run(["run", "--cache", "cache1", "sweep.yaml"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let single = try Data(contentsOf: CacheStore(root: f.root.appendingPathComponent("cache1")).artifacts(report)
            .appendingPathComponent("results.csv"))
        XCTAssertEqual(parallel, single)

        // Everything cached now: no worker is started.
        let rerun = try f.run(["run", "--jobs", "2", "sweep.yaml"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertFalse(rerun.stderr.contains("worker "), rerun.stderr)
        XCTAssertEqual(f.completions().values.reduce(0, +), graph.order.count)
    }

    func testStageRunRefusesUnknownKeysAndStagesWhoseUpstreamIsNotCached() throws {
        let f = try ScaleOutFixture(records: 40)
        defer { f.remove() }
        try f.write("sweep.yaml", ScaleOutFixture.sweep)
        let stage = try f.run(["stage", "run", "0000000000", "sweep.yaml"])
        XCTAssertEqual(stage.status, 2)
        XCTAssertTrue(stage.stderr.contains("no stage with key 0000000000 in sweep.yaml"), stage.stderr)
        let graph = try f.graph(["sweep.yaml"])
        let pretrain = try XCTUnwrap(graph.ordered.first { $0.kind == .pretrain })
        let early = try f.run(["stage", "run", pretrain.key, "sweep.yaml"])
        XCTAssertEqual(early.status, 1)
        XCTAssertTrue(early.stderr.contains("needs upstream stages not cached: corpus[0] preprocess"), early.stderr)
        XCTAssertTrue(f.project.cache.allKeys().isEmpty, "nothing built by a refused stage run")
    }
}
