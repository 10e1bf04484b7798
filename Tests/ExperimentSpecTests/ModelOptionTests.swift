import ExperimentSpec
import XCTest

/// The reference options Models implements are accepted; the ones it cannot honour are refused
/// when the spec is read, naming the field and why.
final class ModelOptionTests: XCTestCase {
    private func parse(_ yaml: String) throws -> Experiment {
        try ExperimentFile.parse(yaml: yaml, file: "t.yaml").variants[0]
    }

    private func assertRefused(_ yaml: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(yaml), file: file, line: line) { e in
            XCTAssertEqual((e as? SpecError)?.description, expected, file: file, line: line)
        }
    }

    func testWidenHiddenHeadAndAccumulationAreAccepted() throws {
        let e = try parse("method: simclr\ndata: {pretrain: [c], downstream: d}\nmodel: {widen: 2}\n"
                          + "pretrain: {accumulate: 4}\nevaluation: {head: {hidden: [1024]}}\n")
        let t = try XCTUnwrap(e.training)
        XCTAssertEqual(t.model.widen, 2)
        XCTAssertEqual(t.pretrain?.accumulate, 4)
        XCTAssertEqual(t.evaluation.head.hidden, [1024])
    }

    func testXResNetHeadDropoutAndBatchNormAreRefused() {
        let base = "method: simclr\ndata: {pretrain: [c], downstream: d}\n"
        assertRefused(base + "evaluation: {head: {dropout: 0.5}}\n",
                      "t.yaml:3:30: evaluation.head.dropout: eval.py parses --ps_head but never passes it to the xresnet model, so its head has no dropout; only the cpc head takes dropout")
        assertRefused(base + "evaluation: {head: {bn: true}}\n",
                      "t.yaml:3:25: evaluation.head.bn: eval.py parses --bn_head but never passes it to the xresnet model, so its head has no BatchNorm; only the cpc head takes bn")
    }

    func testWidenWithoutAChannelIsRefused() {
        assertRefused("method: byol\ndata: {pretrain: [c], downstream: d}\nmodel: {widen: 0.01}\n",
                      "t.yaml:3:16: model.widen: widen 0.01 gives int(64 × widen) channels per stage outside 1...65536")
    }
}

/// CPC's reference variants: accepted, except the two combinations the reference cannot run.
final class CPCOptionTests: XCTestCase {
    private let base = "method: cpc\ndata: {pretrain: [c], downstream: d}\n"

    private func assertRefused(_ yaml: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ExperimentFile.parse(yaml: yaml, file: "t.yaml"), file: file, line: line) { e in
            XCTAssertEqual((e as? SpecError)?.description, expected, file: file, line: line)
        }
    }

    func testVariantsAreAccepted() throws {
        let yaml = base + "model: {cpc: {gru: true, mlp: true, bias: true, bn_encoder: false, negatives_from_same_seq_only: false}}\n"
        let c = try XCTUnwrap(try ExperimentFile.parse(yaml: yaml, file: "t.yaml").variants[0].training?.model.cpc)
        XCTAssertTrue(c.gru && c.mlp && c.bias && !c.batchNormEncoder && !c.negativesFromSameSequenceOnly)
        let scratch = base + "model: {cpc: {skip_encoder: true}}\nevaluation: {use_pretrained: false}\n"
        XCTAssertEqual(try ExperimentFile.parse(yaml: scratch, file: "t.yaml").variants[0].training?.model.cpc?.skipEncoder, true)
    }

    func testSkipEncoderWithPretrainingIsRefused() {
        assertRefused(base + "model: {cpc: {skip_encoder: true}}\n",
                      "t.yaml:3:29: model.cpc.skip_encoder: the reference's CPCModel allows skip_encoder for classification only (CPC predicts encoder outputs); set evaluation.use_pretrained: false to train it from scratch")
    }

    func testSkipEncoderWithGRUIsRefused() {
        assertRefused(base + "model: {cpc: {gru: true, skip_encoder: true}}\nevaluation: {use_pretrained: false}\n",
                      "t.yaml:3:40: model.cpc.skip_encoder: the reference's CPCModel sizes its GRU by the encoder's output, which skip_encoder removes, so gru with skip_encoder cannot be built")
    }
}
