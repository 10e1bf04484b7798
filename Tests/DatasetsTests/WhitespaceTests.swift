@testable import Datasets
import Foundation
import XCTest

/// The header parser's trim against Foundation's, the behaviour it replaces.
final class WhitespaceTests: XCTestCase {
    func testTrimsExactlyWhatFoundationsWhitespaceSetTrims() {
        let cases = ["", " ", "\t\t", "  a b  ", "\tI\t", "x", " \u{00A0}V1\u{3000} ", "\u{2003}aVR",
                     "a\n", "\n a \n", "\r", " é ", " e\u{301} ", " \u{301}x", "x \u{301}", "\u{200B}x\u{200B}",
                     "100 12 100 1000 # comment  ", "  #   a comment\t", "\u{FEFF} I", "日本 "]
        for s in cases {
            XCTAssertEqual(String(s[...].trimmedOfWhitespace()), s.trimmingCharacters(in: .whitespaces), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            let sub = ("[" + s + "]").dropFirst().dropLast()
            XCTAssertEqual(String(sub.trimmedOfWhitespace()), s.trimmingCharacters(in: .whitespaces))
        }
        // Every scalar on its own.
        for v in 0...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = String(Character(u))
            if s[...].trimmedOfWhitespace().isEmpty != s.trimmingCharacters(in: .whitespaces).isEmpty {
                XCTFail("U+\(String(v, radix: 16)) trimmed differently")
            }
        }
    }
}
