import Datasets
import Foundation
import Models
@testable import Pipeline
import TensorCore
import XCTest

/// The evaluation stages on the small synthetic set: cached linear-probe features, early
/// stopping, and the label-efficiency and noise variants.
final class EvaluationStageTests: XCTestCase {
    static let spec = """
        name: evals
        seed: 4
        method: simclr
        data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl, labels: superdiag, train_folds: 4}
        evaluation:
          use_pretrained: false
          batch_size: 16
          bootstrap: 0
          finetune: {epochs: 1}
          linear_eval: {epochs: 300, lr: 0.01}
          label_efficiency: [1, 2]
          noise_levels: [3]

        """

    func testLinearProbeStopsOnPatienceAndTheVariantsUseTheirFoldsAndNoise() throws {
        let p = try ProtocolStagesTests.makeProject()
        let graph = try p.plan(Self.spec, name: "evals.yaml")
        let summary = p.run(graph)
        XCTAssertTrue(summary.succeeded, "\(summary.failures)")
        let store = try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(
            try XCTUnwrap(graph.ordered.first { $0.kind == .preprocess }).key)))
        func result(_ label: String) throws -> EvaluationResult {
            let key = try XCTUnwrap(graph.variants[0].stages.first { $0.label == label }?.key, label)
            return try EvaluationResult.read(from: p.project.cache.artifacts(key))
        }

        // Early stopping ends the probe where the rule says, well before its 300-epoch cap.
        let probe = try result("linear-eval")
        XCTAssertEqual(probe.stop, .patience)
        XCTAssertTrue(probe.settled)
        var rule = EarlyStopping(cap: 300)
        let stopAt = probe.curve.firstIndex { rule.record($0.validationAUC) }.map { $0 + 1 }
        XCTAssertEqual(stopAt, probe.curve.count, "stopped at the first epoch the rule allows, no sooner, no later")
        XCTAssertLessThan(probe.curve.count, 300)
        XCTAssertEqual(probe.validationAUC, probe.curve.map(\.validationAUC).max())
        XCTAssertEqual(probe.selectedEpoch, (probe.curve.firstIndex { $0.validationAUC == probe.validationAUC } ?? -1) + 1)

        // Label efficiency trains on folds 1...k; the noise variant trains like the standard run.
        for (label, folds) in [("linear-eval", 4), ("linear-eval[folds=1]", 1), ("linear-eval[folds=2]", 2),
                               ("finetune[folds=2]", 2), ("linear-eval[noise=3]", 4)] {
            let r = try result(label)
            XCTAssertEqual(r.trainFolds, folds, label)
            let expected = try store.records(inFolds: Set(1...folds), withLabelsIn: "superdiag")
                .filter { store.index.records[$0].length >= 250 }.count
            XCTAssertEqual(r.trainRecords, expected, label)
        }
        // The noise variant retrains nothing: it scores the clean run's model (selected on clean
        // validation data) on corrupted test windows.
        let noised = try result("linear-eval[noise=3]")
        XCTAssertEqual(noised.noiseLevel, 3)
        XCTAssertEqual(probe.noiseLevel, 0)
        XCTAssertEqual(noised.curve, probe.curve)
        XCTAssertEqual(noised.selectedEpoch, probe.selectedEpoch)
        XCTAssertNotEqual(noised.testAUC, probe.testAUC)
        let stages = Dictionary(uniqueKeysWithValues: graph.variants[0].stages.map { ($0.label, $0.key) })
        XCTAssertEqual(graph.nodes[stages["linear-eval[noise=3]"] ?? ""]?.upstream[.trained], stages["linear-eval"])
    }

    /// The head trains on exactly the frozen encoder's features of the windows it picks: every
    /// row of the bank equals the representation of its window computed on its own.
    func testFeatureBankRowsAreTheFrozenEncodersFeaturesOfTheirWindows() throws {
        let p = try ProtocolStagesTests.makeProject()
        let graph = try p.plan(Self.spec, name: "evals.yaml")
        XCTAssertTrue(p.run(graph, kinds: ["preprocess"]).succeeded)
        let store = try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(
            try XCTUnwrap(graph.ordered.first { $0.kind == .preprocess }).key)))
        var rng = SeededGenerator(seed: 1)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d18, rng: &rng), classes: 5,
                                      freezeBackboneStatistics: true, rng: &rng)
        let records = Array(try store.records(inFolds: [1], withLabelsIn: "superdiag").prefix(6))
        let bank = FeatureBank(store: store, records: records, length: 250, stride: 125, normalization: nil) {
            EvaluationProtocol.evaluate($0, model.representation)
        }
        let windows = store.stridedWindows(records: records, length: 250, stride: 125)
        XCTAssertEqual(bank.offsets.last, windows.count)
        XCTAssertEqual(windows.count, records.count * 7, "10-s records: starts 0, 125, …, 750")
        for (row, w) in windows.enumerated() {
            let alone = EvaluationProtocol.evaluate(store.batch([w], length: 250).signals, model.representation)
            let banked = bank.gather([row])
            XCTAssertEqual(banked.shape, alone.shape)
            for (x, y) in zip(banked.scalars, alone.scalars) { XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y))) }
        }
        // An epoch's crops take every record once, each one of its own windows.
        var g = SeededGenerator(seed: 2)
        let crops = bank.epoch(rng: &g)
        XCTAssertEqual(crops.map(\.record).sorted(), records.sorted())
        for c in crops {
            let k = try XCTUnwrap(records.firstIndex(of: c.record))
            XCTAssertTrue((bank.offsets[k]..<bank.offsets[k + 1]).contains(c.row))
        }
    }
}
