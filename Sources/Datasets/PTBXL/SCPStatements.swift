import Foundation

/// One row of PTB-XL's `scp_statements.csv`.
public struct SCPStatement: Equatable, Sendable {
    /// Statement code (the unnamed first column), e.g. "IMI".
    public var code: String
    /// Human-readable description.
    public var description: String
    /// Whether the statement is diagnostic.
    public var diagnostic: Bool
    /// Whether the statement describes form.
    public var form: Bool
    /// Whether the statement describes rhythm.
    public var rhythm: Bool
    /// Diagnostic superclass (e.g. "MI"), empty for non-diagnostic statements.
    public var diagnosticClass: String
    /// Diagnostic subclass (e.g. "IMI"), empty for non-diagnostic statements.
    public var diagnosticSubclass: String

    /// Reads `scp_statements.csv`; flags are "1.0" / "1" or empty.
    public static func read(_ data: Data, file: String) throws -> [String: SCPStatement] {
        let t = try CSVTable.parse(data, file: file)
        guard t.header.first == "" || t.header.first == "Unnamed: 0" else {
            throw DatasetError(file: file, "first column must be the unnamed statement-code column, found '\(t.header.first ?? "")'")
        }
        let cDesc = try t.column("description"), cDiag = try t.column("diagnostic"), cForm = try t.column("form")
        let cRhy = try t.column("rhythm"), cClass = try t.column("diagnostic_class"), cSub = try t.column("diagnostic_subclass")
        var out: [String: SCPStatement] = [:]
        for (r, row) in t.rows.enumerated() {
            func flag(_ c: Int) throws -> Bool {
                switch row[c] {
                case "": return false
                case "1", "1.0": return true
                case "0", "0.0": return false
                default: throw t.error(row: r, column: c, "flag '\(row[c])' is not 1.0 or empty")
                }
            }
            let code = row[0]
            guard !code.isEmpty else { throw t.error(row: r, column: 0, "empty statement code") }
            guard out[code] == nil else { throw t.error(row: r, column: 0, "duplicate statement '\(code)'") }
            out[code] = SCPStatement(code: code, description: row[cDesc], diagnostic: try flag(cDiag), form: try flag(cForm),
                                     rhythm: try flag(cRhy), diagnosticClass: row[cClass], diagnosticSubclass: row[cSub])
        }
        return out
    }
}
