/// A position in an experiment file, 1-based like editors show it.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative, so messages stay short).
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column.
    public let column: Int

    /// A location in `file` at `line`:`column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Why an experiment file was rejected: where, which field, and what was wrong.
///
/// The description has the compiler-style shape `file:line:col: field.path: message`, so editors
/// and terminals can jump to it.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the offending node starts (nil when the file could not be read at all).
    public let location: SourceLocation?
    /// The dotted field path (`pretrain.trafos[1]`), empty for the document itself.
    public let path: String
    /// What was wrong and, where useful, what would be valid.
    public let message: String

    /// An error at `location` about the field at `path`.
    public init(_ location: SourceLocation?, path: String, _ message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return path.isEmpty ? "\(prefix)\(message)" : "\(prefix)\(path): \(message)"
    }
}
