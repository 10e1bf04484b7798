import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

final class XResNet1dTests: XCTestCase {
    func testParameterCountsMatchTheReference() {
        var rng = SeededGenerator(seed: 1)
        let encoder = XResNet1d(depth: .d50, rng: &rng)
        XCTAssertEqual(encoder.parameterCount, 886_432)
        XCTAssertEqual(encoder.featureCount, 512)
        let classifier = XResNetClassifier(encoder: encoder, classes: 71, rng: &rng)
        XCTAssertEqual(classifier.namedVariables.filter { $0.kind == .parameter }.reduce(0) { $0 + $1.variable.value.count }, 922_855)
    }

    func testStateNamesAndShapesEqualTheReferenceStateDict() throws {
        // The reference's own state_dict (ResNetSimCLR), minus fastai's `convpath.0.*` aliases of `convs.*`
        // and the unused l1/l2 projection.
        let reference = try ReferenceFixtures.stateDictShapes(modelPrefix: "simclr")
            .filter { !$0.key.contains("convpath") && !$0.key.hasPrefix("l1.") && !$0.key.hasPrefix("l2.") }
        var rng = SeededGenerator(seed: 1)
        let ours = XResNet1d(depth: .d50, rng: &rng).namedVariables
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: ours.map { ($0.name, $0.variable.shape) }), reference)
    }

    func testInitialisationFollowsTheReference() {
        var rng = SeededGenerator(seed: 2)
        let encoder = XResNet1d(depth: .d50, rng: &rng)
        let state = Dictionary(uniqueKeysWithValues: encoder.namedVariables.map { ($0.name, $0.variable.value) })
        // Zero-initialised last BN of each residual branch, γ 1 elsewhere, β 1e-3 everywhere.
        XCTAssertEqual(Set(state["features.4.0.convs.2.1.weight"]!.scalars), [0])
        XCTAssertEqual(Set(state["features.4.0.convs.1.1.weight"]!.scalars), [1])
        XCTAssertEqual(Set(state["features.4.0.idpath.0.1.weight"]!.scalars), [1])
        XCTAssertEqual(Set(state["features.5.2.convs.0.1.bias"]!.scalars), [1e-3])
        XCTAssertEqual(Set(state["features.0.1.bias"]!.scalars), [1e-3])
        // Kaiming normal: std √(2 / fan_in) for the 64→64 k5 conv (fan_in 320): 0.0791.
        let w = state["features.5.1.convs.1.0.weight"]!.scalars.map(Double.init)
        let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        XCTAssertEqual(std, (2.0 / 320).squareRoot(), accuracy: 0.003)
        // The stem conv is PyTorch-default (uniform within 1/√60) and biased.
        let stem = state["features.0.0.weight"]!.scalars
        XCTAssertLessThanOrEqual(stem.map(abs).max()!, Float(1 / 60.0.squareRoot()))
        XCTAssertGreaterThan(stem.map(abs).max()!, Float(0.9 / 60.0.squareRoot()))
        XCTAssertNotNil(state["features.0.0.bias"])
    }

    func testOtherDepthsBuildWithTheirBlockCounts() {
        for depth in XResNetDepth.allCases {
            var rng = SeededGenerator(seed: 3)
            let encoder = XResNet1d(depth: depth, rng: &rng)
            let stages = (4...7).map { (encoder.features[$0] as! Sequential).children.count }
            XCTAssertEqual(stages, depth.blocks, "\(depth)")
            XCTAssertEqual(encoder.featureCount, depth.expansion == 4 ? 512 : 128)
        }
    }

    func testForwardShapeAndFeatureLength() {
        var rng = SeededGenerator(seed: 4)
        let encoder = XResNet1d(depth: .d50, rng: &rng)
        let x = Variable(Tensor(shape: [2, 12, 250], scalars: (0..<6000).map { _ in Float(rng.normal()) }))
        var ctx = ForwardContext(training: false)
        let stages = withoutGrad { () -> [Variable] in
            var h = x
            var outs: [Variable] = []
            for child in encoder.features.children { h = ctx.apply(any: child.layer, named: child.name, to: h); outs.append(h) }
            return outs
        }
        XCTAssertEqual(stages.map(\.shape), [[2, 32, 125], [2, 32, 125], [2, 64, 125], [2, 64, 63],
                                             [2, 256, 63], [2, 256, 32], [2, 256, 16], [2, 256, 8], [2, 512]])
    }
}
