import Models
import TensorCore
import XCTest

/// Finetuning's optimizer groups: every parameter in exactly one group, at the rate its depth gives.
final class ParameterGroupsTests: XCTestCase {
    /// Each parameter's rate, by name, from the groups.
    func rates(_ model: some Classifier, headOnly: Bool = false, factor: Double?) -> [String: Float] {
        let groups = model.parameterGroups(lr: 1e-2, weightDecay: 1e-3, headOnly: headOnly, discriminativeFactor: factor)
        var byVariable: [ObjectIdentifier: Float] = [:]
        for g in groups {
            XCTAssertEqual(g.weightDecay, 1e-3)
            for v in g.parameters {
                XCTAssertNil(byVariable[ObjectIdentifier(v)], "a parameter in two groups")
                byVariable[ObjectIdentifier(v)] = g.lr
            }
        }
        var out: [String: Float] = [:]
        for n in model.namedVariables where n.kind == .parameter {
            if let r = byVariable[ObjectIdentifier(n.variable)] { out[n.name] = r }
        }
        return out
    }

    func testXResNetGroupsStagesInPairsFromTheTopAtPowersOfTheFactor() {
        var rng = SeededGenerator(seed: 0)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d18, rng: &rng), classes: 3, rng: &rng)
        let r = rates(model, factor: 0.1)
        XCTAssertEqual(r.count, model.namedVariables.filter { $0.kind == .parameter }.count, "every parameter trains")
        XCTAssertEqual(r["head.weight"], 1e-2)
        for (prefix, expected) in [("encoder.features.7.", 1e-3), ("encoder.features.6.", 1e-3), ("encoder.features.5.", 1e-4),
                                   ("encoder.features.4.", 1e-4), ("encoder.features.2.", 1e-5), ("encoder.features.1.", 1e-5),
                                   ("encoder.features.0.", 1e-6)] as [(String, Float)] {
            let names = r.keys.filter { $0.hasPrefix(prefix) }
            XCTAssertFalse(names.isEmpty, prefix)
            for n in names { XCTAssertEqual(Double(r[n]!), Double(expected), accuracy: Double(expected) * 1e-5, n) }
        }
        // Without the factor the backbone trains at the head's rate; head-only leaves it out.
        XCTAssertEqual(Set(rates(model, factor: nil).values), [1e-2])
        XCTAssertEqual(Set(rates(model, headOnly: true, factor: 0.1).keys), ["head.weight", "head.bias"])
    }

    func testCPCGroupsTheContextNetworkAboveTheEncoder() {
        var rng = SeededGenerator(seed: 0)
        let model = CPCClassifier(cpc: CPCModel(hidden: 8, rng: &rng), head: .finetune, classes: 3, rng: &rng)
        let r = rates(model, factor: 0.5)
        XCTAssertEqual(r.count, model.namedVariables.filter { $0.kind == .parameter }.count)
        for (n, rate) in r {
            let expected: Float = n.hasPrefix("head.") ? 1e-2 : n.hasPrefix("rnn.") ? 5e-3 : 2.5e-3
            XCTAssertEqual(rate, expected, accuracy: expected * 1e-5, n)
        }
        XCTAssertTrue(r.keys.contains { $0.hasPrefix("encoder.") } && r.keys.contains { $0.hasPrefix("rnn.") })
    }
}
