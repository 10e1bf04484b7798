import XCTest
import TensorCore
import TestSupport
@testable import Models

/// `--widen` and eval.py's `--hidden` head: shapes, names and parameter counts.
final class WidenAndHiddenHeadTests: XCTestCase {
    func testWidenScalesTheStageWidthsOnly() {
        var rng = SeededGenerator(seed: 1)
        let wide = XResNet1d(depth: .d50, widen: 2, rng: &rng)
        // Counted by the PyTorch oracle model of the reference's structure (WideXResNetTorchTests).
        XCTAssertEqual(wide.parameterCount, 3_426_464)
        XCTAssertEqual(wide.featureCount, 1024)
        let state = Dictionary(uniqueKeysWithValues: wide.namedVariables.map { ($0.name, $0.variable.shape) })
        // The stem stays 32/32/64; the first block widens from 64 = 64 / expansion to 4 · 128.
        XCTAssertEqual(state["features.2.0.weight"], [64, 32, 5])
        XCTAssertEqual(state["features.4.0.convs.0.0.weight"], [128, 64, 1])
        XCTAssertEqual(state["features.4.0.idpath.0.0.weight"], [512, 64, 1])
        XCTAssertEqual(state["features.7.2.convs.2.0.weight"], [512, 128, 1])
        // int(64 · widen) truncates like Python.
        XCTAssertEqual(XResNet1d(depth: .d50, widen: 1.5, rng: &rng).parameterCount, 1_947_552)
        XCTAssertEqual(XResNet1d(depth: .d18, widen: 2, rng: &rng).parameterCount, 1_299_872)
        XCTAssertEqual(XResNet1d.stageWidth(widen: 1.99), 127)
    }

    func testHiddenHeadIsLinearReLULinear() {
        var rng = SeededGenerator(seed: 2)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d50, rng: &rng), classes: 71, hidden: [512], rng: &rng)
        XCTAssertEqual(model.headVariables.map(\.name), ["head.0.weight", "head.0.bias", "head.2.weight", "head.2.bias"])
        // 886,432 + Linear(512, 512) + Linear(512, 71).
        XCTAssertEqual(model.namedVariables.filter { $0.kind == .parameter }.reduce(0) { $0 + $1.variable.value.count },
                       886_432 + 262_656 + 36_423)
        let plain = XResNetClassifier(encoder: XResNet1d(depth: .d50, rng: &rng), classes: 71, rng: &rng)
        XCTAssertEqual(plain.headVariables.map(\.name), ["head.weight", "head.bias"])
        var ctx = ForwardContext(training: false)
        let x = Variable(GradCheck.randomTensor([2, 12, 250], seed: 3))
        XCTAssertEqual(withoutGrad { model(x, &ctx) }.shape, [2, 71])
    }

    func testHiddenHeadGradients() {
        var rng = SeededGenerator(seed: 4)
        let head = XResNetHead(inputFeatures: 5, hidden: [4, 3], classes: 2, rng: &rng)
        let x = GradCheck.param([3, 5], seed: 5)
        // A small step keeps every ReLU input on one side of its kink.
        let r = GradCheck.check([x] + head.parameters, eps: 1e-3) { _ in
            var ctx = ForwardContext(training: true)
            return head(x, &ctx)
        }
        XCTAssertLessThan(r.maxError, 1e-2, "\(r)")
    }
}
