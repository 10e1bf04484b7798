import ExperimentSpec
import Foundation
@testable import Pipeline
import XCTest

/// Keys change exactly when a stage's output would: never for spelling, always downstream of an
/// output-affecting edit, never for cosmetic fields.
final class KeyStabilityTests: XCTestCase {
    func testEquivalentSpellingsKeepEveryKey() throws {
        let p = try TestProject()
        let a = TestProject.keys(try p.plan(baseSpec))
        let b = TestProject.keys(try p.plan("""
            # the same experiment, written differently
            evaluation:
              linear_eval:   {epochs: 2}
              finetune:
                epochs: 2      # comment
            runtime: {log_every: 10, threads: 2}
            pretrain:
              trafos:
                - RandomResizedCrop: {crop_ratio_range: [0.5, 1.0]}
                - TimeOut
              lr: 1e-3
              batch_size: 16
              epochs: 3


            data: {downstream: "data/ptbxl", pretrain: data/corpus, labels: 'superdiag', normalize: false}
            method: "simclr"
            seed: 7
            name: keys
            """))
        XCTAssertEqual(a.count, 6)  // 2 preprocess, pretrain, finetune, linear-eval, report
        XCTAssertEqual(a, b)
    }

    func testSweepValueSpellingKeepsEveryKeyIncludingTheReport() throws {
        let p = try TestProject()
        let a = try p.plan(baseSpec + "sweep:\n  grid:\n    pretrain.lr: [1e-3, 2e-3]\n    pretrain.trafos: [[RRC, TO]]\n")
        let b = try p.plan(baseSpec + "sweep:\n  grid:\n    pretrain.lr: [0.001, 0.0020]\n    pretrain.trafos: [[RandomResizedCrop, TimeOut]]\n")
        XCTAssertEqual(a.order, b.order)
        XCTAssertEqual(a.reports.values.first, b.reports.values.first)
        XCTAssertEqual(a.variants.map(\.experiment.variantLabel), ["pretrain.lr=1e-3,pretrain.trafos=[RRC,TO]", "pretrain.lr=2e-3,pretrain.trafos=[RRC,TO]"])
        let c = try p.plan(baseSpec + "sweep:\n  grid:\n    pretrain.lr: [0.001, 0.003]\n    pretrain.trafos: [[RRC, TO]]\n")
        XCTAssertNotEqual(a.reports.values.first, c.reports.values.first)
    }

    /// Which stage labels get new keys when `edit` is applied to the base spec.
    private func changed(_ p: TestProject, _ edit: (String) -> String) throws -> Set<String> {
        let a = TestProject.keys(try p.plan(baseSpec))
        let b = TestProject.keys(try p.plan(edit(baseSpec), name: "edited.yaml"))
        XCTAssertEqual(Set(a.keys).subtracting(["report:exp.yaml"]), Set(b.keys).subtracting(["report:edited.yaml"]))
        var out = Set(a.keys.filter { !$0.hasPrefix("report:") && a[$0] != b[$0] }.map { String($0.dropFirst()) })
        if a["report:exp.yaml"] != b["report:edited.yaml"] { out.insert("report") }
        return out
    }

    func testOutputFieldsChangeExactlyTheDownstreamStages() throws {
        let p = try TestProject()
        let corpus = "preprocess(data/corpus)", ptbxl = "preprocess(data/ptbxl)"
        let evals: Set<String> = ["finetune", "linear-eval", "report"]
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "lr: 0.001", with: "lr: 0.002") },
                       evals.union(["pretrain"]))
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "[RRC, TO]", with: "[RRC, GN]") },
                       evals.union(["pretrain"]))
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "finetune: {epochs: 2}", with: "finetune: {epochs: 3}") },
                       ["finetune", "report"])
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "linear_eval: {epochs: 2}", with: "linear_eval: {epochs: 2, lr: 0.1}") },
                       ["linear-eval", "report"])
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "labels: superdiag", with: "labels: all") }, evals)
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "seed: 7", with: "seed: 8") },
                       evals.union(["pretrain"]))
        XCTAssertEqual(try changed(p) { $0.replacingOccurrences(of: "evaluation:\n", with: "evaluation:\n  bootstrap: 10\n") },
                       ["report"])
        // Changing a dataset's content changes its preprocess stage and everything after it.
        let before = TestProject.keys(try p.plan(baseSpec))
        try p.writeDataset("data/corpus", records: 3, seed: 99)
        let after = TestProject.keys(try p.plan(baseSpec))
        XCTAssertNotEqual(before["/" + corpus], after["/" + corpus])
        XCTAssertEqual(before["/" + ptbxl], after["/" + ptbxl])
        XCTAssertNotEqual(before["/pretrain"], after["/pretrain"])
        XCTAssertNotEqual(before["/finetune"], after["/finetune"])
    }

    func testChangedKeysAreTheGraphsDownstreamClosure() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec)
        let pretrain = try XCTUnwrap(g.ordered.first { $0.kind == .pretrain })
        let labels = Set(g.downstream(of: pretrain.key).map { g.nodes[$0]!.label })
        XCTAssertEqual(labels, ["finetune", "linear-eval", "report"])
    }

    func testCosmeticFieldsChangeNoKey() throws {
        let p = try TestProject()
        XCTAssertEqual(try changed(p) {
            $0.replacingOccurrences(of: "runtime: {threads: 2, log_every: 10}", with: "runtime: {threads: 1, log_every: 1, checkpoint_every: 7}")
              .replacingOccurrences(of: "name: keys", with: "name: renamed")
        }, [])
    }

    /// Case labels come from canonical values: `~`, `null` and an empty value are one spelling.
    func testNullSpellingsInSweepCasesKeepEveryKeyIncludingTheReport() throws {
        let p = try TestProject()
        func plan(_ null: String) throws -> StageGraph {
            try p.plan(baseSpec + "sweep:\n  cases:\n    - {pretrain.lr: 0.002}\n    - {method: supervised, pretrain: \(null), data.pretrain: \(null)}\n")
        }
        let tilde = try plan("~"), spelled = try plan("null"), quotedKeyOrder = try plan("NULL")
        XCTAssertEqual(tilde.order, spelled.order)
        XCTAssertEqual(tilde.order, quotedKeyOrder.order)
        XCTAssertEqual(tilde.reports.values.first, spelled.reports.values.first)
        XCTAssertEqual(tilde.variants.map(\.variant), spelled.variants.map(\.variant))
        XCTAssertEqual(tilde.variants.last?.variant, "method=\"supervised\",pretrain=null,data.pretrain=[]")
    }

    /// Without an encoder the method does not reach an evaluation: cases differing only in it
    /// share one entry, and the report labels both rows from their cases.
    func testEvaluationsWithoutAnEncoderShareOneEntryAcrossMethods() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec.replacingOccurrences(of: "evaluation:\n", with: "evaluation:\n  use_pretrained: false\n")
            + "sweep:\n  cases:\n    - {method: simclr}\n    - {method: byol}\n")
        let keys = g.variants.map { Dictionary(uniqueKeysWithValues: $0.stages.map { ($0.label, $0.key) }) }
        XCTAssertEqual(keys.count, 2)
        XCTAssertNil(keys[0]["pretrain"])
        XCTAssertEqual(keys[0]["finetune"], keys[1]["finetune"])
        XCTAssertEqual(keys[0]["linear-eval"], keys[1]["linear-eval"])
        let report = try XCTUnwrap(g.reports.values.first.flatMap { g.nodes[$0]?.inputs as? ReportInputs })
        XCTAssertEqual(Set(report.rows.map(\.method)), ["random-init"])
        XCTAssertEqual(report.rows.count, 4, "two rows per case, from one pair of entries")
    }

    /// Cases of one method and augmentations that differ in another setting get rows of their
    /// own, labelled by what differs (and a probe per setting is the gain's reference); settings
    /// the report shows in columns, or that a row's stage never reads, label nothing.
    func testCasesDifferingInASettingGetRowsLabelledByIt() throws {
        let g = try TestProject().plan(baseSpec + """
            sweep:
              cases:
                - {evaluation.linear_eval: {epochs: 2, feature_stride: 1}, pretrain.lr: 0.001}
                - {evaluation.linear_eval: {epochs: 2, feature_stride: 25}, pretrain.lr: 0.001}
                - {evaluation.linear_eval: {epochs: 2, feature_stride: 25}, pretrain.lr: 0.002}
                - {method: byol, evaluation.linear_eval: {epochs: 2, feature_stride: 25}}

            """)
        let report = try XCTUnwrap(g.reports.values.first.flatMap { g.nodes[$0]?.inputs as? ReportInputs })
        let linear = report.rows.filter { $0.mode == .linear }.map { "\($0.method) \($0.setting)" }
        XCTAssertEqual(linear, ["simclr linear_eval.feature_stride=1, pretrain.lr=1e-3",
                                "simclr linear_eval.feature_stride=25, pretrain.lr=1e-3",
                                "simclr linear_eval.feature_stride=25, pretrain.lr=2e-3", "byol "])
        // Finetuning reads no linear_eval field: its rows differ by the pretraining rate alone.
        let finetune = report.rows.filter { $0.mode == .finetune }.map(\.setting)
        XCTAssertEqual(finetune, ["pretrain.lr=1e-3", "pretrain.lr=1e-3", "pretrain.lr=2e-3", ""])
        XCTAssertEqual(report.curves.map(\.setting), ["pretrain.lr=1e-3", "pretrain.lr=1e-3", "pretrain.lr=2e-3", ""])
    }

    /// A stage's generator comes from its inputs, never from its display label.
    func testGeneratorSeedsFollowInputsNotLabels() throws {
        let g = try TestProject().plan(baseSpec)
        let stage = try XCTUnwrap(g.ordered.first { $0.kind == .finetune })
        let renamed = PlannedStage(label: "a label nobody wrote", version: stage.version, inputs: stage.inputs,
                                   upstream: stage.upstream, runtime: stage.runtime, origin: "elsewhere.yaml")
        XCTAssertEqual(renamed.key, stage.key)
        func seed(_ s: PlannedStage) -> UInt64 {
            let ctx = StageContext(stage: s, upstream: [:], output: URL(fileURLWithPath: "/nonexistent"),
                                   checkpoints: CheckpointStore(directory: URL(fileURLWithPath: "/nonexistent"), interval: 1),
                                   progress: SilentProgress(), projectRoot: URL(fileURLWithPath: "/"))
            var r = ctx.makeGenerator()
            return r.next()
        }
        XCTAssertEqual(seed(renamed), seed(stage))
        let linear = try XCTUnwrap(g.ordered.first { $0.kind == .linearEval })
        XCTAssertNotEqual(seed(linear), seed(stage), "stages of different kinds draw independent streams")
    }

    func testMovingTheProjectKeepsKeys() throws {
        let p = try TestProject()
        let a = TestProject.keys(try p.plan(baseSpec))
        let moved = p.root.deletingLastPathComponent().appendingPathComponent("moved-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: p.root, to: moved)
        let q = TestProject(root: moved, registry: p.registry)
        XCTAssertEqual(a, TestProject.keys(try q.plan(baseSpec)))
    }

    func testTwoFilesMayNotShareARunFolder() throws {
        let p = try TestProject()
        let a = try p.write("a.yaml", baseSpec), b = try p.write("b.yaml", baseSpec)
        XCTAssertThrowsError(try p.project.load([a, b])) {
            XCTAssertTrue("\($0)".contains("are both named 'keys'"), "\($0)")
        }
        XCTAssertEqual(try p.project.load([a, a]).count, 2)
    }

    func testMissingDatasetIsBadInput() throws {
        let p = try TestProject()
        XCTAssertThrowsError(try p.plan(baseSpec.replacingOccurrences(of: "data/ptbxl", with: "data/nope"))) {
            guard case PipelineError.badInput(let m) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(m.hasPrefix("dataset 'data/nope' not found"), m)
        }
    }
}

/// A progress reporter that reports nothing.
struct SilentProgress: ProgressReporter {
    func update(done: Int, total: Int, note: String) {}
}
