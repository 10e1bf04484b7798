import ExperimentSpec
import XCTest

/// Every way a spec can be wrong that users hit, each with the exact message they get.
final class MalformedSpecTests: XCTestCase {
    /// (YAML, expected message). Positions are 1-based line:column of the offending node.
    static let cases: [(String, String)] = [
        // 1 unknown top-level field, with a suggestion
        ("methd: simclr\n",
         "bad.yaml:1:1: methd: unknown field 'methd'; valid: name, seed, method, data, model, pretrain, evaluation, selftest, runtime (did you mean 'method'?)"),
        // 2 unknown method
        ("method: simclrr\ndata: {pretrain: [c], downstream: d}\n",
         "bad.yaml:1:9: method: unknown method 'simclrr'; valid: cpc, simclr, byol, swav, supervised (did you mean 'simclr'?)"),
        // 3 unknown transformation in a list
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos: [RRC, TimeOutt]\n",
         "bad.yaml:4:17: pretrain.trafos[1]: unknown transformation 'TimeOutt'; valid: RandomResizedCrop (RRC), TimeOut (TO), DynamicTimeWarp (DTW), ChannelResize (ChR), GaussianNoise (GN), GaussianBlur (GB), BaselineWander (BlW), PowerlineNoise (PlN), EMNoise (EM), BaselineShift (BlS), Normalize, Negation, TimeWarp (TW), DownSample (did you mean 'TimeOut'?)"),
        // 4 wrong type: string for a number
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  lr: fast\n",
         "bad.yaml:4:7: pretrain.lr: expected a number, got 'fast'"),
        // 5 quoted number is a string
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  epochs: \"10\"\n",
         "bad.yaml:4:11: pretrain.epochs: expected an integer, got string '10'"),
        // 6 out of range
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  lr: -0.1\n",
         "bad.yaml:4:7: pretrain.lr: -0.1 is out of range (0.0, ∞)"),
        // 7 integer expected, got a float
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  batch_size: 12.5\n",
         "bad.yaml:4:15: pretrain.batch_size: expected an integer, got '12.5'"),
        // 8 missing required field
        ("method: simclr\ndata: {pretrain: [c]}\n",
         "bad.yaml:2:7: data: missing required field 'downstream'"),
        // 9 missing method (and no selftest)
        ("seed: 3\n", "bad.yaml:1:1: missing required field 'method'"),
        // 10 unknown label set
        ("method: simclr\ndata: {pretrain: [c], downstream: d, labels: diagnostic}\n",
         "bad.yaml:2:46: data.labels: unknown label set 'diagnostic'; valid: all, diag, form, rhythm, subdiag, superdiag"),
        // 11 transform parameter out of range
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos:\n    - TimeOut: {crop_ratio_range: [0.4, 0.2]}\n",
         "bad.yaml:5:35: pretrain.trafos[0].TimeOut.crop_ratio_range: low 0.4 is above high 0.2"),
        // 12 unknown transform parameter
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos:\n    - GaussianNoise: {sigma: 0.1}\n",
         "bad.yaml:5:23: pretrain.trafos[0].GaussianNoise.sigma: GaussianNoise: unknown parameter 'sigma'; valid parameters: scale"),
        // 13 field of another method
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  ema_base: 0.99\n",
         "bad.yaml:4:13: pretrain.ema_base: only used by method byol, not simclr"),
        // 14 trafos for cpc
        ("method: cpc\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos: [RRC]\n",
         "bad.yaml:4:11: pretrain.trafos: only used by method simclr/byol/swav, not cpc"),
        // 15 pretrain block for supervised
        ("method: supervised\ndata: {downstream: d}\npretrain: {epochs: 3}\n",
         "bad.yaml:3:11: pretrain: method supervised has no pretraining (it trains in evaluation.finetune)"),
        // 16 noise level out of range
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\nevaluation: {noise_levels: [1, 7]}\n",
         "bad.yaml:3:32: evaluation.noise_levels[1]: 7 is out of range [1, 6]"),
        // 17 label efficiency beyond training folds
        ("method: simclr\ndata: {pretrain: [c], downstream: d, train_folds: 4}\nevaluation: {label_efficiency: [2, 6]}\n",
         "bad.yaml:3:32: evaluation.label_efficiency: 6 folds exceed data.train_folds 4"),
        // 18 duplicate key
        ("method: simclr\nmethod: byol\n", "bad.yaml:2:1: method: duplicate field 'method'"),
        // 19 YAML syntax error
        ("method: simclr\ndata: {pretrain: [c, downstream: d\n",
         "bad.yaml:3:1: invalid YAML: did not find expected ',' or ']'"),
        // 20 billion laughs
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
         + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
         "bad.yaml:1:1: document expands to more than 100000 nodes (aliases/anchors nested too deep)"),
        // 21 sweep over an unknown field
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\nsweep:\n  grid:\n    pretrain.lrr: [0.1, 0.2]\n",
         "bad.yaml:5:5: pretrain.lrr: unknown field 'lrr'; valid: epochs, batch_size, lr, weight_decay, optimizer, schedule, warmup_epochs, input_size, precision, accumulate, out_dim, trafos, temperature, ema_base, swav (did you mean 'lr'?)"),
        // 22 zip lists of different lengths
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\nsweep:\n  zip:\n    pretrain.lr: [0.1, 0.2]\n    seed: [1, 2, 3]\n",
         "bad.yaml:6:5: sweep.zip.seed: zip lists must have equal lengths: 'pretrain.lr' has 2, 'seed' has 3"),
        // 23 bad sweep value is reported where the value is written
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\nsweep:\n  grid:\n    pretrain.trafos: [[RRC, TO], [RRC, XX]]\n",
         "bad.yaml:5:40: pretrain.trafos[1]: unknown transformation 'XX'; valid: RandomResizedCrop (RRC), TimeOut (TO), DynamicTimeWarp (DTW), ChannelResize (ChR), GaussianNoise (GN), GaussianBlur (GB), BaselineWander (BlW), PowerlineNoise (PlN), EMNoise (EM), BaselineShift (BlS), Normalize, Negation, TimeWarp (TW), DownSample"),
        // 24 document is not a mapping
        ("- method: simclr\n", "bad.yaml:1:1: expected a mapping of experiment fields, got a list"),
        // 25 test fold inside the training folds
        ("method: simclr\ndata: {pretrain: [c], downstream: d, test_fold: 3}\n",
         "bad.yaml:2:49: data.test_fold: test fold 3 is among the training folds 1...8"),
        // 26 model architecture of another method
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\nmodel: {arch: cpc}\n",
         "bad.yaml:3:15: model.arch: architecture 'cpc' is only used by method cpc"),
        // 27 transformation parameter of the wrong kind (validated by the Augment module)
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos:\n    - GaussianNoise: {scale: [0.1, 0.2]}\n",
         "bad.yaml:5:30: pretrain.trafos[0].GaussianNoise.scale: GaussianNoise.scale: expected a number, got [0.1, 0.2]"),
        // 28 fractional integer parameter (validated by the Augment module)
        ("method: simclr\ndata: {pretrain: [c], downstream: d}\npretrain:\n  trafos:\n    - DTW: {warps: 2.5}\n",
         "bad.yaml:5:20: pretrain.trafos[0].DTW.warps: DynamicTimeWarp.warps: expected an integer, got 2.5"),
        // 29 empty file
        ("", "bad.yaml:1:1: empty experiment file"),
        // 30 nesting that would exhaust the parser's stack
        ("a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n",
         "bad.yaml:1:68: collections nested deeper than 64 levels"),
        // 31 an apostrophe in a plain scalar does not hide nesting
        ("name: it's\na: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n",
         "bad.yaml:2:68: collections nested deeper than 64 levels"),
        // 32 block nesting by sequence markers
        ("a:\n" + String(repeating: "- ", count: 200) + "x\n", "bad.yaml:2:257: block structure nested wider than 256 columns"),
    ]

    func testEveryMalformedSpecHasItsMessage() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 20)
        for (i, (yaml, expected)) in Self.cases.enumerated() {
            do {
                _ = try ExperimentFile.parse(yaml: yaml, file: "bad.yaml")
                XCTFail("case \(i + 1): accepted, expected: \(expected)")
            } catch let e as SpecError {
                XCTAssertEqual(e.description, expected, "case \(i + 1)")
            } catch {
                XCTFail("case \(i + 1): unexpected error type \(error)")
            }
        }
    }

    func testUnreadableFileIsASpecError() {
        XCTAssertThrowsError(try ExperimentFile.load(path: "/nonexistent/x.yaml")) { e in
            XCTAssertTrue(String(describing: e).contains("/nonexistent/x.yaml: cannot read experiment file"), "\(e)")
        }
    }
}
