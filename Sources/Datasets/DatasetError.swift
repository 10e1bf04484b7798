/// A failure reading or writing dataset files; always names the file (and record) and the problem.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem was found in (path as given by the caller).
    public let file: String
    /// The record (or CSV line) concerned, when one is known.
    public let record: String?
    /// What is wrong, in words.
    public let problem: String

    /// An error about `file` (and optionally `record`).
    public init(file: String, record: String? = nil, _ problem: String) {
        self.file = file
        self.record = record
        self.problem = problem
    }

    public var description: String {
        if let record { return "\(file): record \(record): \(problem)" }
        return "\(file): \(problem)"
    }
}
