import XCTest
@testable import Report

final class AxisTests: XCTestCase {
    func testEpochAxisGetsIntegerNiceSteps() {
        let a = Ticks.fit(.count("epoch"), values: (1...10).map(Double.init), padded: false)
        XCTAssertEqual(a.lo, 1)
        XCTAssertEqual(a.hi, 10)
        XCTAssertEqual(a.labels, ["2", "4", "6", "8", "10"])
        let b = Ticks.fit(.count("epoch"), values: (1...6).map(Double.init), padded: false) { $0.ticks.count <= 4 }
        XCTAssertEqual(b.labels, ["2", "4", "6"])
        let c = Ticks.fit(.count("epoch"), values: [1, 2, 3], padded: false) { $0.ticks.count <= 8 }
        XCTAssertEqual(c.labels, ["1", "2", "3"], "never 1.5 or 2.75")
    }

    func testStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        for (values, step) in [([0.62, 0.71], 0.02), ([3.1, 4.2], 0.2), ([870, 1100], 50)] as [([Double], Double)] {
            let a = Ticks.fit(Axis(label: ""), values: values, padded: true) { $0.ticks.count <= 8 }
            XCTAssertEqual(a.ticks[1] - a.ticks[0], step, accuracy: 1e-9, "\(values)")
            XCTAssertLessThanOrEqual(a.lo, values[0])
            XCTAssertGreaterThanOrEqual(a.hi, values[1])
        }
    }

    func testNonNegativeDataNeverGetsANegativeRange() {
        // The old chart padded a loss starting near 0 down to −50.8.
        let loss = Ticks.fit(Axis(label: "loss"), values: [0.01, 1016], padded: true)
        XCTAssertEqual(loss.lo, 0)
        let hinted = Ticks.fit(.nonNegative("loss"), values: [-0.0, 3], padded: true)
        XCTAssertEqual(hinted.lo, 0)
        let auc = Ticks.fit(.auc("auc"), values: [0.9, 0.995], padded: true)
        XCTAssertLessThanOrEqual(auc.hi, 1)
        let signed = Ticks.fit(Axis(label: "gain"), values: [-0.03, 0.05], padded: true)
        XCTAssertLessThan(signed.lo, -0.03, "negative data keeps its range")
    }

    func testLog2AxisTicksAtPowersOfTwo() {
        let a = Ticks.fit(Axis(label: "folds", integer: true, scale: .log2), values: [1, 2, 4, 8], padded: false)
        XCTAssertEqual(a.labels, ["1", "2", "4", "8"])
        XCTAssertEqual(a.fraction(2), 1.0 / 3, accuracy: 1e-12)
    }

    func testScalesDifferDecidesSmallMultiples() {
        XCTAssertTrue(LineChart.scalesDiffer(Fixtures.pretrainLoss))
        XCTAssertFalse(LineChart.scalesDiffer(Fixtures.validation))
        XCTAssertTrue(LineChart(title: "", x: .count("epoch"), y: .nonNegative("loss"), series: Fixtures.pretrainLoss).usesSmallMultiples)
        XCTAssertFalse(LineChart(title: "", x: .count("epoch"), y: .nonNegative("loss"), series: Fixtures.pretrainLoss,
                                 layout: .overlay).usesSmallMultiples)
    }
}
