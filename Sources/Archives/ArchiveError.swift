import Foundation

/// A failure reading or writing a zip, tar or gzip archive; the message names the archive, the
/// entry and what was wrong.
public struct ArchiveError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    /// Human-readable description naming the archive and the problem.
    public let message: String

    /// An error with the given message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
    public var errorDescription: String? { message }
}
