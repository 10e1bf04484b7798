import XCTest
import TensorCore
@testable import Models

final class ModelSummaryTests: XCTestCase {
    private func summary(_ name: String, classes: Int = 71, inputSize: Int = 250) -> ModelSummary {
        var rng = SeededGenerator(seed: 0)
        return ModelSummary(ModelName(name)!.makeClassifier(leads: 12, classes: classes, rng: &rng), leads: 12, inputSize: inputSize)
    }

    func testXResNet1d50SummaryShapesAndTotals() {
        let s = summary("xresnet1d50")
        XCTAssertEqual(s.totalParameters, 922_855)
        XCTAssertEqual(s.rows.filter { !$0.isContainer }.reduce(0) { $0 + $1.parameters }, 922_855, "leaf rows must add up to the total")
        let shapes = Dictionary(uniqueKeysWithValues: s.rows.map { ($0.name, $0.outputShape) })
        XCTAssertEqual(shapes["encoder.features.3"], [1, 64, 63])
        XCTAssertEqual(shapes["encoder.features.7"], [1, 256, 8])
        XCTAssertEqual(shapes["encoder"], [1, 512])
        XCTAssertEqual(shapes[""], [1, 71])
        let text = s.render(title: "xresnet1d50")
        XCTAssertTrue(text.contains("Total params: 922,855"), text)
        XCTAssertTrue(text.contains("encoder.features.0.0: Conv1d"), text)
    }

    func testEveryModelNameSummarises() {
        for name in ModelName.allNames {
            let model = ModelName(name)!
            XCTAssertEqual(model.description, name)
            let s = summary(name, classes: 5, inputSize: max(60, model.minimumInputSize))
            XCTAssertEqual(s.rows.first?.outputShape, [1, 5], name)
            XCTAssertEqual(s.rows.filter { !$0.isContainer }.reduce(0) { $0 + $1.parameters }, s.totalParameters, name)
        }
        XCTAssertNil(ModelName("xresnet1d51"))
        XCTAssertNil(ModelName("resnet"))
        XCTAssertEqual(summary("cpc").totalParameters, 5_826_631)
    }
}
