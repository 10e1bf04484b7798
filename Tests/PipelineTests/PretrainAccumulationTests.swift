import Datasets
import Foundation
@testable import Pipeline
import XCTest

/// `pretrain.accumulate`: the pretrain stage takes accumulate × batch_size windows per optimizer step.
final class PretrainAccumulationTests: XCTestCase {
    func testAccumulatedStepsConsumeAccumulateMicroBatches() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accumulate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 20, unlabeledRecords: 40, seed: 5),
                                          into: root.appendingPathComponent("data/synthetic"))
        let p = TestProject(root: root, registry: .builtin)
        func steps(accumulate: Int) throws -> String {
            let spec = """
            seed: 1
            method: simclr
            model: {arch: xresnet1d18}
            data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag}
            pretrain: {epochs: 1, batch_size: 4, accumulate: \(accumulate), trafos: [TimeOut]}
            """
            let graph = try p.plan(spec, name: "acc\(accumulate).yaml")
            let summary = p.run(graph, kinds: ["preprocess", "pretrain"])
            XCTAssertTrue(summary.succeeded, "\(summary.failures)")
            let key = try XCTUnwrap(graph.ordered.first { $0.kind == .pretrain }?.key)
            let metrics = try String(contentsOf: p.project.cache.artifacts(key).appendingPathComponent("metrics.csv"), encoding: .utf8)
            return try XCTUnwrap(metrics.split(separator: "\n").first { $0.hasPrefix("steps,") }.map(String.init))
        }
        // The same training windows: 4 per step without accumulation, 3 × 4 per step with it.
        let plain = try XCTUnwrap(Int(try steps(accumulate: 1).dropFirst("steps,".count)))
        let accumulated = try XCTUnwrap(Int(try steps(accumulate: 3).dropFirst("steps,".count)))
        XCTAssertGreaterThan(plain, 3)
        XCTAssertEqual(accumulated, plain / 3)
    }
}
