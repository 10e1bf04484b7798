/// Strict parser for PTB-XL's `scp_codes` column: a Python dict literal of statement → likelihood,
/// e.g. `{'NORM': 100.0, 'SR': 0.0}`.
public enum SCPCodes {
    /// The (code, likelihood) pairs in written order; throws a message saying where and what.
    public static func parse(_ text: String) throws -> [(code: String, likelihood: Double)] {
        var p = Parser(Array(text.utf8))
        return try p.dict()
    }

    /// What is wrong with an `scp_codes` literal and at which character.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let position: Int
        public let problem: String
        public var description: String { "character \(position + 1): \(problem)" }
    }

    private struct Parser {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }

        mutating func ws() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }
        func fail(_ what: String) -> SyntaxError { SyntaxError(position: i, problem: what) }
        func peekDescription() -> String { i < s.count ? "'\(Character(UnicodeScalar(s[i])))'" : "end of text" }

        mutating func expect(_ c: UInt8, _ what: String) throws {
            ws()
            guard i < s.count, s[i] == c else { throw fail("expected \(what), found \(peekDescription())") }
            i += 1
        }

        mutating func dict() throws -> [(code: String, likelihood: Double)] {
            try expect(UInt8(ascii: "{"), "'{'")
            var out: [(code: String, likelihood: Double)] = []
            ws()
            if i < s.count, s[i] == UInt8(ascii: "}") { i += 1; return try end(out) }
            while true {
                let key = try string()
                if out.contains(where: { $0.code == key }) { throw fail("duplicate key '\(key)'") }
                try expect(UInt8(ascii: ":"), "':' after '\(key)'")
                let v = try number()
                out.append((key, v))
                ws()
                guard i < s.count else { throw fail("unterminated dict: expected ',' or '}'") }
                if s[i] == UInt8(ascii: ",") {
                    i += 1; ws()
                    if i < s.count, s[i] == UInt8(ascii: "}") { i += 1; return try end(out) }  // trailing comma
                    continue
                }
                if s[i] == UInt8(ascii: "}") { i += 1; return try end(out) }
                throw fail("expected ',' or '}', found \(peekDescription())")
            }
        }

        mutating func end(_ out: [(code: String, likelihood: Double)]) throws -> [(code: String, likelihood: Double)] {
            ws()
            guard i == s.count else { throw fail("unexpected \(peekDescription()) after the closing '}'") }
            return out
        }

        mutating func string() throws -> String {
            ws()
            guard i < s.count, s[i] == UInt8(ascii: "'") || s[i] == UInt8(ascii: "\"") else {
                throw fail("expected a quoted statement code, found \(peekDescription())")
            }
            let q = s[i]; i += 1
            let start = i
            while i < s.count, s[i] != q {
                if s[i] == UInt8(ascii: "\\") { throw fail("escape sequences are not allowed in statement codes") }
                i += 1
            }
            guard i < s.count else { throw fail("unterminated string") }
            let key = String(decoding: s[start..<i], as: UTF8.self)
            i += 1
            guard !key.isEmpty else { throw fail("empty statement code") }
            return key
        }

        mutating func number() throws -> Double {
            ws()
            let start = i
            while i < s.count, (s[i] >= 0x30 && s[i] <= 0x39) || s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: "-")
                || s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") { i += 1 }
            let text = String(decoding: s[start..<i], as: UTF8.self)
            guard let v = Double(text), v.isFinite else {
                i = start
                throw fail("expected a likelihood number, found \(text.isEmpty ? peekDescription() : "'\(text)'")")
            }
            return v
        }
    }
}
