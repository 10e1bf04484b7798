/// Rejects documents nested deep enough to exhaust the stack of the recursive YAML composer,
/// before composing them: flow collections (`[[[[…`) deeper than `maxFlowDepth`, or block
/// structure (indentation plus leading `- ` / `? ` markers) wider than `maxBlockColumns`.
/// Hand-written experiment files stay far below both.
enum NestingGuard {
    static let maxFlowDepth = 64
    static let maxBlockColumns = 256

    /// The 1-based line and column where the limit is first exceeded, with a message.
    static func violation(in text: String) -> (line: Int, column: Int, message: String)? {
        var line = 1, column = 0, depth = 0
        var atLineStart = true, blockColumns = 0
        var quote: Character? = nil, comment = false, previous: Character = " "
        for ch in text {
            defer { previous = ch }
            column += 1
            if ch == "\n" {
                line += 1; column = 0; atLineStart = true; blockColumns = 0; comment = false
                continue
            }
            if comment { continue }
            if atLineStart {
                if ch == " " || ch == "-" || ch == "?" {
                    blockColumns += 1
                    if blockColumns > maxBlockColumns {
                        return (line, column, "block structure nested wider than \(maxBlockColumns) columns")
                    }
                    continue
                }
                atLineStart = false
            }
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            // A quote opens a quoted scalar only where a token starts (not in `it's`).
            case "'" where " [{,:-?".contains(previous), "\"" where " [{,:-?".contains(previous): quote = ch
            case "#" where previous == " ": comment = true
            case "[", "{":
                depth += 1
                if depth > maxFlowDepth { return (line, column, "collections nested deeper than \(maxFlowDepth) levels") }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
