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
        XCTAssertEqual(String(lines[1]), "simclr,RRC+TO,linear-eval,0.850000,0.830000,0.870000,0.860000,3,")
    }

    /// Entries of one method and augmentations told apart by a setting fill rows of their own,
    /// each against the probe of its own setting.
    func testSettingsMakeRowsOfTheirOwn() {
        func e(_ method: String, _ setting: String, _ auc: Double) -> ResultEntry {
            ResultEntry(method: method, augmentations: method == "simclr" ? ["RRC"] : [], setting: setting, evaluation: .linear,
                        test: .exact(auc), validation: auc, selectedEpoch: 1)
        }
        let rows = ResultsTable.tableRows([e("random-init", "stride=1", 0.6), e("random-init", "stride=25", 0.7),
                                           e("simclr", "stride=1", 0.8), e("simclr", "stride=25", 0.75)]).rows
        XCTAssertEqual(rows.map(\.method), ["random init (baseline) (stride=1)", "random init (baseline) (stride=25)",
                                             "SimCLR (stride=1)", "SimCLR (stride=25)"])
        XCTAssertEqual(rows[2].gain ?? .nan, 0.2, accuracy: 1e-12)
        XCTAssertEqual(rows[3].gain ?? .nan, 0.05, accuracy: 1e-12)
        XCTAssertTrue(ResultsTable.csv([e("simclr", "a=1, b=2", 0.8)]).hasSuffix(",1,\"a=1, b=2\"\n"))
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

/// A curve's numbers as tables: AUC per x, then the paired gains, bold only where the interval excludes 0.
final class CurveTableTests: XCTestCase {
    func testCurveTablesListEveryPointAndBoldOnlySeparatedGains() {
        let md = CurveTable.markdown(title: "Label efficiency", xName: "folds", [
            .init(name: "supervised fin", points: [(1, Estimate(value: 0.75, lower: 0.70, upper: 0.79), nil, false),
                                                   (8, Estimate(value: 0.91, lower: 0.86, upper: 0.93), nil, true)]),
            .init(name: "simclr fin", points: [(1, Estimate(value: 0.78, lower: 0.74, upper: 0.81), Estimate(value: 0.024, lower: 0.010, upper: 0.040), true),
                                               (8, Estimate(value: 0.912, lower: 0.868, upper: 0.935), Estimate(value: 0.002, lower: -0.011, upper: 0.015), true)]),
        ])
        let lines = md.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("| Model | folds 1 | folds 8 |"))
        XCTAssertTrue(lines.contains("| supervised fin | 0.750 [0.700, 0.790] † | 0.910 [0.860, 0.930] |"))
        XCTAssertTrue(md.contains("† still improving"))
        XCTAssertTrue(lines.contains("| simclr fin | **+0.024 [+0.010, +0.040]** | +0.002 [-0.011, +0.015] |"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("| supervised fin | —") }, "the reference has no gain row")
    }
}
