import ExperimentSpec
import XCTest

/// Settings accepted with the reference's semantics but worth a word at plan time.
final class PlanNotesTests: XCTestCase {
    /// A warmup longer than the run (BYOL's default 10 epochs in a 2-epoch run) is accepted: the
    /// rate ramps for the whole run, as the reference's schedule does. It once crashed the parser.
    func testWarmupLongerThanTheRunIsAcceptedWithANote() throws {
        let file = try ExperimentFile.parse(yaml: """
            name: eco
            seed: 1
            data: {pretrain: [data/unlabeled], downstream: data/ptbxl, labels: all}
            pretrain: {epochs: 2, batch_size: 16}
            evaluation: {batch_size: 16, finetune: false, linear_eval: {epochs: 2}}
            sweep:
              cases:
                - {method: byol, pretrain.trafos: [RandomResizedCrop, TimeOut]}
            """, file: "eco.yaml")
        let e = try XCTUnwrap(file.variants.first)
        XCTAssertEqual(e.training?.pretrain?.warmupEpochs, 10)
        XCTAssertEqual(e.training?.pretrain?.epochs, 2)
        XCTAssertTrue(e.planNotes.contains { $0.contains("pretrain.warmup_epochs 10 exceeds pretrain.epochs 2") }, "\(e.planNotes)")
    }

    func testHalfPrecisionIsNotedAsFloat32AndAFittingWarmupIsNot() throws {
        let e = try XCTUnwrap(try ExperimentFile.parse(yaml: """
            method: simclr
            data: {pretrain: [a], downstream: b}
            pretrain: {epochs: 5, warmup_epochs: 5}
            """, file: "x.yaml").variants.first)
        XCTAssertEqual(e.planNotes.count, 1, "\(e.planNotes)")
        XCTAssertTrue(e.planNotes[0].contains("pretrain.precision 16 runs as float32"))
    }
}
