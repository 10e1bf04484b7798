/// CSV field quoting per RFC 4180, shared so every CSV the project writes reads back the same way.
public enum CSV {
    /// `value` as one field: unchanged unless it holds a comma, quote, CR or LF; then quoted, with
    /// quotes doubled. Plain fields stay bare so the files match what pandas writes.
    public static func field(_ value: String) -> String {
        // Unicode scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        var out = "\""
        for u in value.unicodeScalars {
            if u == "\"" { out += "\"\"" } else { out.unicodeScalars.append(u) }
        }
        return out + "\""
    }
}
