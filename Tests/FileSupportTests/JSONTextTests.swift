import FileSupport
import Foundation
import XCTest

final class JSONTextTests: XCTestCase {
    /// The exact spellings stage keys and store indexes were hashed with before the move.
    func testSpellingIsTheCanonicalOne() {
        XCTAssertEqual(JSONText.string("plain"), #""plain""#)
        XCTAssertEqual(JSONText.string(""), #""""#)
        XCTAssertEqual(JSONText.string("a\"b\\c"), #""a\"b\\c""#)
        XCTAssertEqual(JSONText.string("\n\r\t"), #""\n\r\t""#)
        XCTAssertEqual(JSONText.string("\u{0}\u{1}\u{8}\u{c}\u{1f}"), #""\u0000\u0001\u0008\u000c\u001f""#)
        XCTAssertEqual(JSONText.string("/ \u{7f} é 🫀"), "\"/ \u{7f} é 🫀\"")
    }

    func testLiteralsReadBackThroughJSONSerialization() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let values = [
            "", "plain", controls, "\"", "\\", "\\\"", "\"\\\"", "back\\slash and \"quotes\"",
            "é 漢字 🫀 \u{2028}\u{2029} \u{7f} \u{fffd}", "e\u{301} (decomposed)", "</script>",
        ]
        for v in values {
            let json = "[" + JSONText.string(v) + "]"
            let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String], json)
            XCTAssertEqual(parsed.first.map { Array($0.unicodeScalars) }, Array(v.unicodeScalars), json)
        }
    }
}
