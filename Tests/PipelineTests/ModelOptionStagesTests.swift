import Datasets
import Foundation
@testable import Pipeline
import XCTest

/// The reference options Models honours, run through the real stages on a small synthetic set.
final class ModelOptionStagesTests: XCTestCase {
    /// A project with 20 labelled and 40 unlabelled synthetic records; removed by the caller.
    func makeProject() throws -> TestProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("model-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 20, unlabeledRecords: 40, seed: 5),
                                          into: root.appendingPathComponent("data/synthetic"))
        return TestProject(root: root, registry: .builtin)
    }

    /// `pretrain.accumulate`: the pretrain stage takes accumulate × batch_size windows per optimizer step.
    func testAccumulatedStepsConsumeAccumulateMicroBatches() throws {
        let p = try makeProject()
        defer { try? FileManager.default.removeItem(at: p.root) }
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

    /// Runs every stage of `spec`; returns the kinds that ran.
    @discardableResult
    func run(_ p: TestProject, _ spec: String, name: String) throws -> Set<String> {
        let graph = try p.plan(spec, name: name)
        let summary = p.run(graph)
        XCTAssertTrue(summary.succeeded, "\(name): \(summary.failures)")
        return Set(graph.ordered.filter { summary.executed.contains($0.key) }.map(\.kind.rawValue))
    }

    func testCPCVariantsPretrainAndFinetune() throws {
        let p = try makeProject()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let data = "data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag}\n"
        let evaluation = "evaluation: {batch_size: 8, finetune: {epochs: 1, head_epochs: 0}, linear_eval: false, bootstrap: 0, "
        let variants = try run(p, "method: cpc\n" + data + """
            model: {cpc: {hidden: 16, gru: true, mlp: true, bias: true, bn_encoder: false, negatives: 4, steps_predicted: 2,
                          negatives_from_same_seq_only: false}}
            pretrain: {epochs: 1, batch_size: 4, input_size: 100, accumulate: 2}

            """ + evaluation + "head: {hidden: [8], dropout: 0.2, bn: false}}\n", name: "cpc-variants.yaml")
        XCTAssertTrue(variants.isSuperset(of: ["pretrain", "finetune"]), "\(variants)")
        let scratch = try run(p, "method: cpc\n" + data + "model: {cpc: {hidden: 16, skip_encoder: true}}\n"
                + evaluation + "use_pretrained: false}\n", name: "cpc-skip.yaml")
        XCTAssertTrue(scratch.contains("finetune") && !scratch.contains("pretrain"), "\(scratch)")
    }

    func testWidenedXResNetWithHiddenHead() throws {
        let p = try makeProject()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let kinds = try run(p, """
            method: byol
            model: {arch: xresnet1d18, widen: 0.5}
            data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag}
            pretrain: {epochs: 1, warmup_epochs: 0, batch_size: 8, trafos: [TimeOut]}
            evaluation: {batch_size: 8, finetune: {epochs: 1}, linear_eval: {epochs: 1}, head: {hidden: [64]}, bootstrap: 0}

            """, name: "wide.yaml")
        XCTAssertTrue(kinds.isSuperset(of: ["pretrain", "finetune", "linear-eval"]), "\(kinds)")
    }
}
