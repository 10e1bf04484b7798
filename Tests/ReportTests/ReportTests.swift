import XCTest
import FoundationXML
import Metrics
@testable import Report

final class ResultsTableTests: XCTestCase {
    let entries = [
        ResultEntry(method: "simclr", augmentations: ["RRC", "TO"], evaluation: .linear,
                    test: Estimate(value: 0.85, lower: 0.83, upper: 0.87), validation: 0.86, selectedEpoch: 3,
                    gain: Estimate(value: 0.15, lower: 0.1, upper: 0.2)),
        ResultEntry(method: "random-init", augmentations: [], evaluation: .linear,
                    test: Estimate(value: 0.70, lower: 0.68, upper: 0.72), validation: 0.7, selectedEpoch: 1),
        ResultEntry(method: "simclr", augmentations: ["RRC", "TO"], evaluation: .finetune,
                    test: Estimate(value: 0.9, lower: 0.88, upper: 0.92), validation: 0.9, selectedEpoch: 5,
                    settled: false, gain: Estimate(value: 0.01, lower: -0.02, upper: 0.04)),
    ]

    func testMarkdownPutsBaselineFirstAndStatesTheGain() {
        let md = ResultsTable.markdown(entries, title: "demo")
        let lines = md.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Method") }
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("| random init (baseline)"))
        // A gain whose paired interval excludes 0 is bold; an unsettled run is marked.
        XCTAssertEqual(String(lines[1]), "| SimCLR | RRC, TO | 0.850 [0.830, 0.870] | 0.900 [0.880, 0.920] † | **+0.150 [+0.100, +0.200]** | +0.010 [-0.020, +0.040] |")
        XCTAssertTrue(md.contains("† its validation AUC was still climbing"))
        XCTAssertFalse(md.contains("Warning"))
    }

    func testMissingBaselineIsFlagged() {
        XCTAssertTrue(ResultsTable.markdown([entries[0]], title: "x").contains("no random-init linear probe"))
    }

    func testCSVHasOneLinePerEntry() {
        let lines = ResultsTable.csv(entries).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(String(lines[1]), "simclr,RRC+TO,linear-eval,0.850000,0.830000,0.870000,0.860000,3")
    }

    func testChartsAreWellFormedSVG() throws {
        for svg in [ResultsTable.chart(entries, title: "AUC"),
                    SVGChart.lines(title: "loss", x: .count("epoch"), y: .nonNegative("loss"),
                                   series: [Series(name: "a", points: [(0, 1), (1, 0.5), (2, 0.25)])])] {
            let doc = try XMLDocument(xmlString: svg)
            XCTAssertEqual(doc.rootElement()?.name, "svg")
        }
    }
}
