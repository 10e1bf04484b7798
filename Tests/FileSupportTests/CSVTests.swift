import FileSupport
import Foundation
import TestSupport
import XCTest

final class CSVTests: XCTestCase {
    /// Values that need each rule, with what RFC 4180 (and pandas' minimal quoting) writes for them.
    static let cases: [(value: String, field: String)] = [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("carriage\rreturn", "\"carriage\rreturn\""),
        // One Character in Swift, which neither "\r" nor "\n" equals: the check must look at scalars.
        ("crlf\r\nline", "\"crlf\r\nline\""),
        ("semi;colon tab\tspace", "semi;colon tab\tspace"),
        ("é 漢字 🫀", "é 漢字 🫀"),
        (",\"\n", "\",\"\"\n\""),
    ]

    func testFieldsMatchHandWrittenQuoting() {
        for c in Self.cases {
            XCTAssertEqual(Array(CSV.field(c.value).unicodeScalars), Array(c.field.unicodeScalars), "value \(c.value.debugDescription)")
        }
    }

    func testPythonCSVModuleReadsTheFieldsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Each value between two plain columns, so an empty value still makes a non-empty line.
        let rows = Self.cases.enumerated().map { i, c in ["k\(i)", c.value, "end"] }
        let text = rows.map { $0.map(CSV.field).joined(separator: ",") + "\n" }.joined()
        let url = dir.appendingPathComponent("t.csv")
        try Data(text.utf8).write(to: url)
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            print(json.dumps(list(csv.reader(f))))
        """
        let out = try PythonOracle.run(script, arguments: [url.path])
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String]])
        XCTAssertEqual(parsed.count, rows.count)
        for (got, want) in zip(parsed, rows) {
            XCTAssertEqual(got.map { Array($0.unicodeScalars) }, want.map { Array($0.unicodeScalars) }, "row \(want[0])")
        }
    }
}
