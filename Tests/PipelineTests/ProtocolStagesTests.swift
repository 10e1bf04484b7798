import Datasets
import Foundation
import Metrics
import Models
@testable import Pipeline
import TensorBoardEvents
import TensorCore
import TestSupport
import XCTest

/// The real stage bodies (preprocess → pretrain → finetune / linear-eval → report) on a small
/// synthetic set, run as users run them.
final class ProtocolStagesTests: XCTestCase {
    static let spec = """
    name: tiny
    seed: 3
    method: simclr
    data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag}
    pretrain: {epochs: 2, batch_size: 16, trafos: [RandomResizedCrop, TimeOut]}
    evaluation: {batch_size: 16, finetune: {epochs: 1}, linear_eval: {epochs: 2}, bootstrap: 30}
    runtime: {checkpoint_every: 3}
    sweep:
      cases:
        - {evaluation.use_pretrained: true}
        - {evaluation.use_pretrained: false, evaluation.finetune: false}
    """

    /// A project folder holding the synthetic data and the spec.
    static func makeProject() throws -> TestProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("protocol-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 150, unlabeledRecords: 100, seed: 5),
                                          into: root.appendingPathComponent("data/synthetic"))
        let p = TestProject(root: root, registry: .builtin)
        try p.write("tiny.yaml", Self.spec)
        return p
    }

    func testEndToEndReportAndPredictionsAgree() throws {
        let p = try Self.makeProject()
        let graph = try p.plan(Self.spec, name: "tiny.yaml")
        let summary = p.run(graph)
        XCTAssertTrue(summary.succeeded, "\(summary.failures)")
        let cache = p.project.cache

        // The report shows the random-init probe beside the pretrained rows.
        let reportKey = try XCTUnwrap(graph.reports.values.first)
        let md = try String(contentsOf: cache.artifacts(reportKey).appendingPathComponent("results.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("| random init (baseline) | — |"), md)
        XCTAssertTrue(md.contains("| SimCLR | RRC, TO |"), md)

        // Each evaluation's AUC is recomputable from the predictions and labels it wrote.
        let evaluations = graph.ordered.filter { $0.kind == .finetune || $0.kind == .linearEval }
        XCTAssertEqual(evaluations.count, 3)
        for stage in evaluations {
            let dir = cache.artifacts(stage.key)
            let record = try JSONDecoder().decode(EvaluationResult.self, from: Data(contentsOf: dir.appendingPathComponent("result.json")))
            let scores = try Self.matrix(dir.appendingPathComponent("predictions.csv"))
            let labels = try Self.matrix(dir.appendingPathComponent("labels.csv")).map { $0.map { $0 > 0.5 } }
            XCTAssertEqual(scores.count, record.testRecords)
            XCTAssertEqual(record.classes.count, 5)
            XCTAssertEqual(ROCAUC.macro(scores: scores, labels: labels), record.testAUC, accuracy: 1e-12)
        }

        // The pretrained encoder loads into a classifier backbone.
        let pretrain = try XCTUnwrap(graph.ordered.first { $0.kind == .pretrain })
        var rng = SeededGenerator(seed: 0)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d50, rng: &rng), classes: 5, rng: &rng)
        XCTAssertNoThrow(try ModelCheckpoint.load(cache.artifacts(pretrain.key).appendingPathComponent("encoder.safetensors"),
                                                  into: model.backboneVariables))

        // Unchanged re-run: nothing executes.
        XCTAssertEqual(p.run(try p.plan(Self.spec, name: "tiny.yaml")).executed, [])

        // The intervals come from the report alone: a new bootstrap count re-runs the report and
        // nothing else, and its intervals change.
        let before = try String(contentsOf: cache.artifacts(reportKey).appendingPathComponent("results.csv"), encoding: .utf8)
        let resampled = try p.plan(Self.spec.replacingOccurrences(of: "bootstrap: 30", with: "bootstrap: 45"), name: "tiny.yaml")
        let rerun = p.run(resampled)
        XCTAssertEqual(rerun.executed, [try XCTUnwrap(resampled.reports.values.first)])
        let after = try String(contentsOf: cache.artifacts(rerun.executed[0]).appendingPathComponent("results.csv"), encoding: .utf8)
        XCTAssertNotEqual(before, after)
        XCTAssertEqual(try Self.pointEstimates(before), try Self.pointEstimates(after), "only the intervals move")
    }

    /// The test AUC column of a results.csv, row by row.
    static func pointEstimates(_ csv: String) throws -> [String] {
        let t = try CSVTable.parse(Data(csv.utf8), file: "results.csv")
        let c = try t.column("test_macro_auc")
        return t.rows.map { $0[c] }
    }

    /// The runtime block is cosmetic: every stage's artifacts are byte-identical at 1 and 2
    /// threads, whatever the checkpoint and log cadence.
    func testRuntimeSettingsChangeNoArtifactByte() throws {
        var manifests: [[String: [Manifest.Artifact]]] = []
        for runtime in ["{checkpoint_every: 3, threads: 1, log_every: 1}", "{checkpoint_every: 7, threads: 2, log_every: 50}"] {
            let p = try Self.makeProject()
            let spec = Self.spec.replacingOccurrences(of: "runtime: {checkpoint_every: 3}", with: "runtime: \(runtime)")
            let graph = try p.plan(spec, name: "tiny.yaml")
            let summary = p.run(graph)
            XCTAssertTrue(summary.succeeded, "\(summary.failures)")
            manifests.append(Dictionary(uniqueKeysWithValues: graph.order.map { k in
                (k, p.project.cache.manifest(k)?.artifacts ?? [])
            }))
        }
        Parallel.setThreads(0)
        XCTAssertEqual(Set(manifests[0].keys), Set(manifests[1].keys), "same keys at either thread count")
        XCTAssertFalse(manifests[0].values.contains { $0.isEmpty })
        for (k, a) in manifests[0] { XCTAssertEqual(a, manifests[1][k], "artifacts of \(k.prefix(12))") }
    }

    /// Rows of a predictions/labels CSV without the record and fold columns.
    static func matrix(_ url: URL) throws -> [[Double]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").dropFirst(2).map { Double($0)! } }
    }

    /// A tiny pretraining of each method, for the resume test.
    static func pretrainSpec(_ method: String) -> String {
        let model = method == "cpc" ? "model: {cpc: {hidden: 32}}\n" : ""
        let trafos = method == "cpc" ? "" : ", trafos: [RandomResizedCrop, TimeOut]"
        let extra = method == "swav" ? ", swav: {prototypes: 30, views: 3}" : ""
        return """
            name: tiny
            seed: 3
            method: \(method)
            data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag}
            \(model)pretrain: {epochs: 2, batch_size: 16, input_size: 250, warmup_epochs: 1\(trafos)\(extra)}
            evaluation: {batch_size: 16, finetune: false, linear_eval: {epochs: 2}, bootstrap: 0}
            runtime: {checkpoint_every: 3}

            """
    }

    /// Every method through the real pretrain stage, killed after a checkpoint and resumed: the
    /// encoder equals an uninterrupted run's, bit for bit.
    func testKilledPretrainingOfEveryMethodResumesToTheUninterruptedEncoder() throws {
        let runexp = RunexpProcessTests.runexp
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: runexp.path), "runexp not built at \(runexp.path)")
        func run(_ p: TestProject, _ spec: String, killAfterCheckpoint: Bool) throws {
            let proc = Process()
            proc.executableURL = runexp
            proc.arguments = ["run", "--stage", "pretrain", "tiny.yaml"]
            proc.currentDirectoryURL = p.root
            proc.standardOutput = FileHandle.nullDevice
            proc.standardError = FileHandle.nullDevice
            try proc.run()
            if killAfterCheckpoint {
                let key = try XCTUnwrap(try p.plan(spec, name: "tiny.yaml").ordered.first { $0.kind == .pretrain }?.key)
                let checkpoints = p.project.cache.checkpoints(key, interval: 3)
                let deadline = Date().addingTimeInterval(300)
                while checkpoints.latest() == nil && proc.isRunning && Date() < deadline { usleep(5000) }
                XCTAssertTrue(proc.isRunning, "pretraining finished before it could be killed")
                kill(proc.processIdentifier, SIGKILL)
                proc.waitUntilExit()
                XCTAssertEqual(proc.terminationReason, .uncaughtSignal)
                return try run(p, spec, killAfterCheckpoint: false)
            }
            proc.waitUntilExit()
            XCTAssertEqual(proc.terminationStatus, 0)
        }
        func encoder(_ p: TestProject, _ spec: String) throws -> Data {
            let key = try XCTUnwrap(try p.plan(spec, name: "tiny.yaml").ordered.first { $0.kind == .pretrain }?.key)
            return try Data(contentsOf: p.project.cache.artifacts(key).appendingPathComponent("encoder.safetensors"))
        }
        for method in ["simclr", "byol", "swav", "cpc"] {
            let spec = Self.pretrainSpec(method)
            let uninterrupted = try Self.makeProject(), killed = try Self.makeProject()
            try uninterrupted.write("tiny.yaml", spec)
            try killed.write("tiny.yaml", spec)
            try run(uninterrupted, spec, killAfterCheckpoint: false)
            try run(killed, spec, killAfterCheckpoint: true)
            XCTAssertTrue(killed.project.cache.events.all().contains { $0.event == "resumed" && $0.kind == "pretrain" }, method)
            XCTAssertEqual(try encoder(killed, spec), try encoder(uninterrupted, spec), method)

            // The scalar log lives in the checkpointed loop state: the resumed run's cached log and
            // event file are byte-identical, and its run folder differs only in the wall times.
            func entry(_ p: TestProject, _ name: String) throws -> Data {
                let key = try XCTUnwrap(try p.plan(spec, name: "tiny.yaml").ordered.first { $0.kind == .pretrain }?.key)
                return try Data(contentsOf: p.project.cache.artifacts(key).appendingPathComponent(name))
            }
            for name in ["scalars.csv", "events.out.tfevents.0.cache"] {
                XCTAssertEqual(try entry(killed, name), try entry(uninterrupted, name), "\(method) \(name)")
            }
            func view(_ p: TestProject) throws -> [[Substring]] {
                let url = p.project.runsDirectory.appendingPathComponent("tiny/\(method)/pretrain/scalars.csv")
                return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            }
            let (a, b) = (try view(killed), try view(uninterrupted))
            XCTAssertEqual(a.map { $0.dropLast() }, b.map { $0.dropLast() }, method)
            XCTAssertEqual(a.first?.last, "wall_time")
            XCTAssertTrue(a.dropFirst().allSatisfy { Double($0.last ?? "") ?? 0 > 1e9 }, "\(method): the resumed run's view has every wall time")
            XCTAssertTrue(a.contains { $0[2] == "train/loss" }, method)
        }
    }

    // TensorBoard's own reader on the run folders' event files: the same scalars as the CSV
    // logs beside them, at the recorded wall times, with the stage's inputs as HParams.
    static let readScalars = #"""
    import json, sys
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams import plugin_data_pb2, metadata
    out = {}
    for d in sys.argv[1:]:
        acc = EventAccumulator(d, size_guidance={"scalars": 0})
        acc.Reload()
        # Numbers as repr text: Foundation's JSON parser may round a 17-digit double.
        scalars = {t: [[repr(s.step), repr(s.value), repr(s.wall_time)] for s in acc.Scalars(t)] for t in acc.Tags()["scalars"]}
        content = acc.PluginTagToContent(metadata.PLUGIN_NAME)["_hparams_/session_start_info"]
        start = plugin_data_pb2.HParamsPluginData.FromString(content).session_start_info
        hparams = {k: v.WhichOneof("kind") and getattr(v, v.WhichOneof("kind")) for k, v in start.hparams.items()}
        out[d] = {"scalars": scalars, "hparams": hparams}
    print(json.dumps(out))
    """#

    func testTensorBoardReadsTheStageLogsAsTheCSV() throws {
        let p = try Self.makeProject()
        let graph = try p.plan(Self.spec, name: "tiny.yaml")
        let summary = p.run(graph, kinds: ["preprocess", "pretrain", "linear-eval"])
        XCTAssertTrue(summary.succeeded, "\(summary.failures)")
        try RunFolder(runs: p.project.runsDirectory, name: "tiny").update(variants: graph.variants, cache: p.project.cache,
                                                                           reportKey: nil)
        // (case, stage) of each folder: the first case pretrains, the second probes a random-init encoder.
        let views = [(0, "pre", "pretrain"), (0, "pre", "linear-eval"), (1, "nopre-noft", "linear-eval")]
        let folders = views.map { p.project.runsDirectory.appendingPathComponent("tiny/\($0.1)/\($0.2)") }
        let out = try PythonOracle.run(Self.readScalars, arguments: folders.map(\.path))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: Any]], out)
        for (view, folder) in zip(views, folders) {
            let read = try XCTUnwrap(json[folder.path], folder.path)
            let scalars = try XCTUnwrap(read["scalars"] as? [String: [[String]]]).mapValues { $0.map { $0.map { Double($0)! } } }
            let rows = try String(contentsOf: folder.appendingPathComponent("scalars.csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
            let csv = Dictionary(grouping: rows, by: { String($0[2]) })
            XCTAssertEqual(Set(scalars.keys), Set(csv.keys), folder.path)
            for (tag, points) in csv {
                let got = try XCTUnwrap(scalars[tag])
                XCTAssertEqual(got.map { Int($0[0]) }, points.map { Int($0[0])! }, tag)
                XCTAssertEqual(got.map { Float($0[1]) }, points.map { Float(Double($0[3])!) }, tag)
                XCTAssertEqual(got.map { $0[2] }, points.map { Double($0[4])! }, tag)
                XCTAssertTrue(got.allSatisfy { $0[2] > 1e9 }, "\(tag): real wall times")
            }
            // The HParams are the inputs the stage's key is computed from.
            let key = try XCTUnwrap(graph.variants[view.0].stages.first { $0.label == view.2 }?.key)
            let hparams = try XCTUnwrap(read["hparams"] as? [String: Any])
            let planned = try XCTUnwrap(graph.nodes[key]).fields
            XCTAssertEqual(Set(hparams.keys), Set(planned.keys), folder.path)
            XCTAssertEqual(hparams["seed"] as? Double, 3)
            // The cached copy holds the same values, timed by step so the entry never changes.
            let cached = try EventFile.read(p.project.cache.artifacts(key).appendingPathComponent("events.out.tfevents.0.cache"))
            XCTAssertEqual(cached.scalars.map(\.value), rows.map { Float(Double($0[3])!) })
            XCTAssertEqual(cached.scalars.map(\.wallTime), rows.map { Double($0[0])! })
        }
        let pretrainTags = Set(try XCTUnwrap((json[folders[0].path]?["scalars"] as? [String: Any])?.keys))
        XCTAssertTrue(pretrainTags.isSuperset(of: ["train/loss", "train/lr", "val/loss", "train/epoch_loss"]), "\(pretrainTags)")
        let linearTags = Set(try XCTUnwrap((json[folders[1].path]?["scalars"] as? [String: Any])?.keys))
        XCTAssertTrue(linearTags.isSuperset(of: ["train/loss", "train/lr", "val/loss", "val/macro_auc"]), "\(linearTags)")
    }
}
