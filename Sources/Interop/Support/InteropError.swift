import Foundation

/// A failure reading or writing a Python-world file; the message names the file, the entry or
/// field, and what was wrong.
public struct InteropError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// Human-readable description naming the file and the problem.
    public let message: String

    /// An error with the given message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
    public var errorDescription: String? { message }
}
