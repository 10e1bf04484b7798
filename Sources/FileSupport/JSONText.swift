/// JSON string literals for hand-written JSON (faster than Foundation's encoder, and byte-stable for hashing).
public enum JSONText {
    /// `s` as a JSON string literal. Non-ASCII stays as UTF-8 text; only quote, backslash and the
    /// C0 controls are escaped, so the spelling is canonical (stage keys hash it).
    public static func string(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }
}
