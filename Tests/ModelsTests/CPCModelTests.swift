import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

final class CPCModelTests: XCTestCase {
    func testParameterCountsMatchTheReference() {
        var rng = SeededGenerator(seed: 1)
        let cpc = CPCModel(rng: &rng)
        let count = { (state: [NamedVariable]) in state.filter { $0.kind == .parameter }.reduce(0) { $0 + $1.variable.value.count } }
        XCTAssertEqual(count(prefixed("encoder", cpc.encoder.namedVariables)), 796_672)
        XCTAssertEqual(count(prefixed("rnn", cpc.rnn.namedVariables)), 4_202_496)
        XCTAssertEqual(count(cpc.namedVariables), 5_261_312)
        let finetune = CPCClassifier(cpc: cpc, head: .finetune, classes: 71, rng: &rng)
        XCTAssertEqual(count(finetune.headVariables), 827_463)
        XCTAssertEqual(count(finetune.namedVariables), 5_826_631)
        let linear = CPCClassifier(cpc: cpc, head: .linear, classes: 71, rng: &rng)
        XCTAssertEqual(count(linear.headVariables), 1536 * 71 + 71)
    }

    func testStateNamesAndShapesEqualTheReferenceStateDict() throws {
        let reference = try ReferenceFixtures.stateDictShapes(modelPrefix: "cpc")
        var rng = SeededGenerator(seed: 1)
        let ours = CPCModel(rng: &rng).namedVariables
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: ours.map { ($0.name, $0.variable.shape) }), reference)
    }

    func testTokenShapesOfBothEncoders() {
        var rng = SeededGenerator(seed: 2)
        let x = Variable(TrainingFixtures.windows(seed: 3, batch: 2, length: 250))
        var ctx = ForwardContext(training: false)
        for (kind, tokens) in [(CPCEncoderKind.fullyConnected, 250), (.strided, 13)] {
            let cpc = CPCModel(encoderKind: kind, hidden: 16, rng: &rng)
            let (z, c) = withoutGrad { () -> (Variable, Variable) in
                let z = cpc.encode(x, &ctx)
                return (z, cpc.context(z, &ctx))
            }
            XCTAssertEqual(z.shape, [2, tokens, 16], "\(kind)")
            XCTAssertEqual(c.shape, [2, tokens, 16], "\(kind)")
        }
    }

    func testConcatPoolRNNIsMeanMaxLast() {
        // [B 1, T 3, H 2]: mean (2, 0), max (4, 1), last (4, −1).
        let x = Variable(Tensor(shape: [1, 3, 2], scalars: [0, 1, 2, 0, 4, -1]))
        var ctx = ForwardContext(training: false)
        XCTAssertEqual(ConcatPoolRNN()(x, &ctx).value, Tensor(shape: [1, 6], scalars: [2, 0, 4, 1, 4, -1]))
    }
}

/// Negatives drawn from every sequence of the batch, as the reference draws them.
final class CPCNegativesAcrossSequencesTests: XCTestCase {
    func testDrawsSpanTheBatchAndSkipThePositivePositionEverywhere() {
        var rng = SeededGenerator(seed: 5)
        let (b, t, steps, n) = (4, 20, 3, 50)
        let rows = CPCInfoNCE.sampleNegativesAcrossSequences(batch: b, length: t, steps: steps, count: n, rng: &rng)
        XCTAssertEqual(rows.count, b * (t - steps) * n)
        var foreign = 0
        for (k, r) in rows.enumerated() {
            let (bi, i) = (k / n / (t - steps), k / n % (t - steps))
            XCTAssertTrue((0..<(b * t)).contains(r))
            XCTAssertNotEqual(r % t, i + steps, "position i + steps is skipped in every sequence")
            if r / t != bi { foreign += 1 }
        }
        // About (B − 1)/B of the draws come from other sequences.
        XCTAssertEqual(Double(foreign) / Double(rows.count), 0.75, accuracy: 0.03)
    }
}

/// The CPC head for any hidden sizes, dropout and BatchNorm, numbered as the reference's nn.Sequential.
final class CPCHeadTests: XCTestCase {
    func testDefaultsAreTheFinetuneHeadAndOmittedLayersShiftTheNames() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        let kind = makeCPCHead(kind: .finetune, classes: 71, rng: &a)
        let spelled = makeCPCHead(inputFeatures: 1536, hidden: [512], dropout: 0.5, batchNorm: true, classes: 71, rng: &b)
        XCTAssertEqual(kind.namedVariables.map(\.name), spelled.namedVariables.map(\.name))
        XCTAssertEqual(kind.namedVariables.map(\.variable.value), spelled.namedVariables.map(\.variable.value))
        XCTAssertEqual((spelled[1] as! Dropout).p, 0.25, "dropout / 2 before the hidden linear layer")
        XCTAssertEqual((spelled[5] as! Dropout).p, 0.5)

        var rng = SeededGenerator(seed: 2)
        let bare = makeCPCHead(inputFeatures: 24, hidden: [16, 8], dropout: 0, batchNorm: false, classes: 3, rng: &rng)
        // Linear, ReLU, Linear, ReLU, Linear.
        XCTAssertEqual(bare.namedVariables.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        XCTAssertEqual(bare.namedVariables.map(\.variable.shape), [[16, 24], [16], [8, 16], [8], [3, 8], [3]])
        let bnOnly = makeCPCHead(inputFeatures: 24, hidden: [16], dropout: 0, batchNorm: true, classes: 3, rng: &rng)
        XCTAssertEqual(bnOnly.namedVariables.filter { $0.kind == .parameter }.map(\.name),
                       ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias", "4.weight", "4.bias"])
    }
}
