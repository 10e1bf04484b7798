import Foundation
import Models
@testable import Pipeline
import TensorCore
import XCTest

/// The scalar log's pieces: step numbering, what the cache's files hold, the method signals,
/// hparams.yaml's nesting and stage folder names.
final class ScalarLogTests: XCTestCase {
    func testStepsNumberRecordsAndNonFiniteValuesAreLeftOut() {
        var log = ScalarLog()
        log.step(epoch: 1, [("train/loss", 2.5), ("train/lr", 0.001)], now: 100)
        log.step(epoch: 1, [("train/loss", .nan), ("train/lr", 0.002)], now: 101)
        log.epoch(1, [("val/loss", 1.25), ("val/macro_auc", nil)], now: 102)
        XCTAssertEqual(log.steps, 2)
        XCTAssertEqual(log.records.map(\.step), [1, 1, 2, 2])
        XCTAssertEqual(log.wallTimes, [100, 100, 101, 102])
        // The cache's CSV has no wall times; the view's has them as a fifth column.
        XCTAssertEqual(ScalarLogFiles.csv(log),
                       "step,epoch,name,value\n1,1,train/loss,2.5\n1,1,train/lr,0.001\n2,1,train/lr,0.002\n2,1,val/loss,1.25\n")
        XCTAssertTrue(ScalarLogFiles.csv(log, wallTimes: log.wallTimes).hasSuffix("2,1,val/loss,1.25,102.0\n"))
        // Cached event points are timed by their step.
        XCTAssertEqual(ScalarLogFiles.points(log).map(\.wallTime), [1, 1, 2, 2])
        XCTAssertEqual(ScalarLogFiles.metrics(log).map(\.tag), ["val/loss", "train/loss"])
        // It survives the checkpoint's JSON exactly.
        let back = try? JSONDecoder().decode(ScalarLog.self, from: JSONEncoder().encode(log))
        XCTAssertEqual(back, log)
    }

    func testMethodSignals() {
        var rng = SeededGenerator(seed: 1)
        let byol = BYOL(encoder: XResNet1d(depth: .d18, rng: &rng), rng: &rng)
        let after = MethodSignals.after(byol, progress: TrainingProgress(epoch: 0, step: 1, totalSteps: 10))
        XCTAssertEqual(after.map(\.0), ["byol/tau"])
        XCTAssertEqual(after.first?.1 ?? 0, 0.996, accuracy: 1e-12, "τ of the first update is τ₀")
        let swav = SwAV(encoder: XResNet1d(depth: .d18, rng: &rng), queueLength: 8, rng: &rng)
        XCTAssertEqual(MethodSignals.after(swav, progress: TrainingProgress(epoch: 0, step: 1, totalSteps: 10)).first?.1, 0)
    }

    func testHParamsYAMLNestsTheFlattenedFields() {
        XCTAssertEqual(YAMLText.nested(["seed": "3", "pretrain.lr": "0.001", "pretrain.swav.queue": "0", "method": "\"cpc\""]),
                       "method: \"cpc\"\npretrain:\n  lr: 0.001\n  swav:\n    queue: 0\nseed: 3\n")
    }

    func testStageFolderNames() {
        XCTAssertEqual(StageFolder.names(of: ["pretrain", "finetune[folds=2]", "linear-eval[noise=3]", "preprocess(data/synthetic/ptbxl)"]),
                       ["pretrain", "finetune-folds2", "linear-eval-noise3", "preprocess-ptbxl"])
        XCTAssertEqual(StageFolder.names(of: ["preprocess(data/a/ptbxl)", "preprocess(data/b/ptbxl)"]),
                       ["preprocess-data_a_ptbxl", "preprocess-data_b_ptbxl"])
    }
}
