import Foundation
@testable import Pipeline
import XCTest

final class ResultsPublisherTests: XCTestCase {
    private let key = "e70fd22fcd41" + String(repeating: "0", count: 52)

    private func record(report: String) -> String {
        """
        # Run time of experiments/demo.yaml

        | Stage | Case | Key | Seconds |
        |---|---|---|---|
        | finetune | [method=supervised] | 2071d0b9a773 | 62 |
        | report |  | \(report) | 2 |

        """
    }

    /// Republishing the report a run-time record timed keeps the record; publishing another
    /// report drops it with the old folder, and the report's own files always replace the old ones.
    func testKeepsTheRunTimeRecordOfTheSameReportOnly() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("publish-\(UUID().uuidString)")
        addTeardownBlock { try? fm.removeItem(at: root) }
        let report = root.appendingPathComponent("entry")
        try fm.createDirectory(at: report, withIntermediateDirectories: true)
        try "new table".write(to: report.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
        let folder = root.appendingPathComponent("results/demo")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        try "old table".write(to: folder.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
        try "gone".write(to: folder.appendingPathComponent("stale.svg"), atomically: true, encoding: .utf8)
        let timed = record(report: String(key.prefix(12)))
        try timed.write(to: folder.appendingPathComponent("run-time.md"), atomically: true, encoding: .utf8)

        try ResultsPublisher.publish(report: report, key: key, name: "demo", root: root)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: folder.path).sorted(), ["results.md", "run-time.md"])
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("results.md"), encoding: .utf8), "new table")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("run-time.md"), encoding: .utf8), timed)

        let other = "2071d0b9a773" + String(repeating: "1", count: 52)
        try ResultsPublisher.publish(report: report, key: other, name: "demo", root: root)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: folder.path), ["results.md"])
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: root.appendingPathComponent("results").path), ["demo"])
    }

    /// Only the report row counts: a stage row with the key, or the key in another column, does not.
    func testMatchesTheReportRowOnly() {
        let short = String(key.prefix(12))
        XCTAssertTrue(ResultsPublisher.times(record(report: short), report: key))
        XCTAssertFalse(ResultsPublisher.times(record(report: "2071d0b9a773"), report: key))
        XCTAssertFalse(ResultsPublisher.times("| finetune | [x] | \(short) | 62 |\n", report: key))
        XCTAssertFalse(ResultsPublisher.times("| report | \(short) |  | 2 |\n", report: key))
        XCTAssertFalse(ResultsPublisher.times("", report: key))
    }
}
