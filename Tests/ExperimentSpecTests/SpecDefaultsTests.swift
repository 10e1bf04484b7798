import ExperimentSpec
import XCTest

/// Omitted fields take the reference's effective values (docs/method.md §1–4).
final class SpecDefaultsTests: XCTestCase {
    private func only(_ yaml: String) throws -> Experiment {
        let f = try ExperimentFile.parse(yaml: yaml, file: "t.yaml")
        XCTAssertEqual(f.variants.count, 1)
        return f.variants[0]
    }

    func testSimCLRDefaults() throws {
        let e = try only("method: simclr\ndata: {pretrain: [c], downstream: d}\n")
        let t = try XCTUnwrap(e.training)
        let p = try XCTUnwrap(t.pretrain)
        XCTAssertEqual(e.name, "t")
        XCTAssertEqual(p.lr, 0.00229)
        XCTAssertEqual(p.batchSize, 4096)
        XCTAssertEqual(p.epochs, 2000)
        XCTAssertEqual(p.weightDecay, 1e-6)
        XCTAssertEqual(p.warmupEpochs, 1)
        XCTAssertEqual(p.outDim, 16)
        XCTAssertEqual(p.temperature, 0.5)
        XCTAssertNil(p.emaBase)
        XCTAssertEqual(p.trafos.map(\.name), ["GaussianNoise", "ChannelResize", "RandomResizedCrop"])
        XCTAssertEqual(p.trafos[0].parameters["scale"], .real(0.005))
        XCTAssertEqual(t.model.architecture, .xresnet1d(.d50))
        XCTAssertFalse(t.data.normalize)
        XCTAssertEqual(t.data.trainFolds, 8)
        XCTAssertEqual(t.evaluation.batchSize, 128)
        XCTAssertEqual(t.evaluation.linearEval?.lr, 4e-3)  // 8e-3 · 128 / 256
        XCTAssertEqual(t.evaluation.linearEval?.weightDecay, 0.1)
        XCTAssertEqual(t.evaluation.finetune?.lr, 0.01)
        XCTAssertEqual(t.evaluation.finetune?.epochs, 50)
        XCTAssertTrue(t.evaluation.usePretrained)
    }

    func testCPCDefaults() throws {
        let t = try XCTUnwrap(try only("method: cpc\ndata: {pretrain: [c], downstream: d}\n").training)
        XCTAssertEqual(t.model.architecture, .cpc(.fullyConnected))
        XCTAssertEqual(t.model.cpc, CPCOptions.reference)
        XCTAssertEqual(t.model.cpc?.negatives, 128)
        XCTAssertEqual(t.model.cpc?.stepsPredicted, 12)
        XCTAssertEqual(t.pretrain?.inputSize, 1000)
        XCTAssertEqual(t.pretrain?.lr, 1e-4)
        XCTAssertEqual(t.pretrain?.trafos, [])
        XCTAssertTrue(t.data.normalize)
        XCTAssertEqual(t.evaluation.finetune?.headEpochs, 50)
        XCTAssertEqual(t.evaluation.finetune?.discriminativeLrFactor, 0.1)
        XCTAssertEqual(t.evaluation.head.hidden, [512])
    }

    func testLinearEvalLearningRateFollowsBatchSize() throws {
        let t = try XCTUnwrap(try only("method: byol\ndata: {pretrain: [c], downstream: d}\nevaluation: {batch_size: 512}\n").training)
        XCTAssertEqual(t.evaluation.linearEval?.lr, 0.016)
        XCTAssertEqual(t.pretrain?.emaBase, 0.996)
        XCTAssertEqual(t.pretrain?.schedule, .cosineEpoch)
    }

    func testAbbreviationsAndExplicitDefaultsAreTheSameTransform() throws {
        let a = try only("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain: {trafos: [RRC, TO]}\n")
        let b = try only("""
            method: simclr
            data: {pretrain: [c], downstream: d}
            pretrain:
              trafos:
                - RandomResizedCrop: {crop_ratio_range: [0.5, 1]}
                - TimeOut: {crop_ratio_range: [2e-1, 0.40]}
            """)
        XCTAssertEqual(a.training?.pretrain?.trafos, b.training?.pretrain?.trafos)
        XCTAssertEqual(a.training?.pretrain?.canonical.encoded, b.training?.pretrain?.canonical.encoded)
        // Integer parameters are integers however they are written.
        let c = try only("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain: {trafos: [{DTW: {warps: 3.0}}]}\n")
        XCTAssertEqual(c.training?.pretrain?.trafos[0].parameters["warps"], .integer(3))
        XCTAssertNoThrow(try c.training?.pretrain?.trafos[0].makeTransform())
    }

    func testDisabledEvaluationAndSupervisedRules() throws {
        let t = try XCTUnwrap(try only("method: supervised\ndata: {downstream: d}\nevaluation: {linear_eval: false}\n").training)
        XCTAssertNil(t.pretrain)
        XCTAssertNil(t.evaluation.linearEval)
        XCTAssertFalse(t.evaluation.usePretrained)
        XCTAssertThrowsError(try only("method: supervised\ndata: {downstream: d}\nevaluation: {finetune: false}\n")) {
            XCTAssertTrue("\($0)".contains("evaluation.finetune: method supervised evaluates linearly"), "\($0)")
        }
    }

    func testSelfTestOnlyExperiment() throws {
        let e = try only("selftest: {steps: 10}\nruntime: {checkpoint_every: 3}\n")
        XCTAssertNil(e.training)
        XCTAssertEqual(e.selfTest?.steps, 10)
        XCTAssertEqual(e.selfTest?.width, 64)
        XCTAssertEqual(e.runtime.checkpointEvery, 3)
    }
}
