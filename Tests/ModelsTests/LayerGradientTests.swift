import XCTest
import TensorCore
import TestSupport
@testable import Models

/// Gradient checks of the composite layers (the ops are checked in TensorCoreTests).
final class LayerGradientTests: XCTestCase {
    func testBottleneckResBlockWithStrideAndProjectionShortcut() {
        var rng = SeededGenerator(seed: 1)
        let block = ResBlock(expansion: 4, inChannels: 3, width: 2, stride: 2, kernelSize: 3, rng: &rng)
        // Non-zero last BN so the residual branch contributes to the gradient.
        for entry in block.namedVariables where entry.name == "convs.2.1.weight" { entry.variable.value = Tensor(repeating: 0.7, shape: [8]) }
        let x = GradCheck.param([2, 3, 7], seed: 2)
        let w = block.namedVariables.first { $0.name == "convs.1.0.weight" }!.variable
        let shortcut = block.namedVariables.first { $0.name == "idpath.1.0.weight" }!.variable
        let result = GradCheck.check([x, w, shortcut], eps: 1e-2) { _ in
            var ctx = ForwardContext(training: true)
            return block(x, &ctx)
        }
        XCTAssertLessThan(result.maxError, 2e-2, "\(result)")
    }

    func testCPCClassifierBackboneAndHead() {
        var rng = SeededGenerator(seed: 3)
        let cpc = CPCModel(hidden: 4, rng: &rng)
        let model = CPCClassifier(cpc: cpc, head: .linear, classes: 2, rng: &rng)
        // The input's gradient crosses ReLU kinks of the encoder, where finite differences are
        // unreliable; the encoder's first conv and the LSTM and head weights are checked instead.
        let x = Variable(GradCheck.randomTensor([3, 12, 5], seed: 4))
        let conv = cpc.encoder.namedVariables[0].variable
        let wih = cpc.rnn.namedVariables.first { $0.name == "weight_ih_l1" }!.variable, head = model.head.namedVariables[0].variable
        // Train-mode BN over 15 values per channel then ReLU is strongly curved: the conv's error
        // falls with the step (9.5e-1, 8.5e-2, 5.7e-3 at 1e-2, 3e-3, 1e-3), so the small step is used.
        let result = GradCheck.check([conv, wih, head], eps: 1e-3) { _ in
            var ctx = ForwardContext(training: true)
            return model.logits(x, &ctx)
        }
        XCTAssertLessThan(result.maxError, 2e-2, "\(result)")
    }

    func testClassifierLossIsMeanBCEOfItsLogits() {
        var rng = SeededGenerator(seed: 5)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d18, rng: &rng), classes: 3, rng: &rng)
        let x = Variable(TrainingFixtures.windows(seed: 6, batch: 2, length: 32))
        let targets = Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        var ctx = ForwardContext(training: false)
        let (logits, loss) = withoutGrad { (model.logits(x, &ctx).value, model.loss(x, targets: targets, &ctx).value.scalar) }
        // −mean[y log σ(z) + (1 − y) log(1 − σ(z))]
        let expected = zip(logits.scalars, targets.scalars).map { z, y -> Double in
            let s = 1 / (1 + exp(-Double(z)))
            return -(Double(y) * log(s) + (1 - Double(y)) * log(1 - s))
        }.reduce(0, +) / 6
        XCTAssertEqual(Double(loss), expected, accuracy: 1e-6)
    }
}
