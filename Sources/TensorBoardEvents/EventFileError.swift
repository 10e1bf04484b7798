/// Why an event file could not be read, and where: the file and the byte offset of the record.
public struct EventFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the record.
    public enum Problem: Equatable, Sendable {
        /// Fewer than the 12 bytes of a record header (length and its CRC) were left.
        case truncatedHeader(available: Int)
        /// The masked CRC-32C stored after the length does not match the length bytes.
        case lengthCRCMismatch(stored: UInt32, computed: UInt32)
        /// The (CRC-valid) length asks for more bytes than the file has left: truncated or absurd.
        case lengthBeyondEnd(length: UInt64, available: Int)
        /// The masked CRC-32C stored after the data does not match the data.
        case dataCRCMismatch(stored: UInt32, computed: UInt32)
        /// The record's data is not an Event we can decode.
        case undecodableEvent(String)
    }

    /// The file's path (or another name for the bytes), as given to the reader.
    public let file: String
    /// Byte offset of the start of the offending record.
    public let offset: Int
    public let problem: Problem

    public init(file: String, offset: Int, problem: Problem) {
        self.file = file
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .truncatedHeader(let available):
            what = "truncated record header: 12 bytes needed, \(available) left"
        case .lengthCRCMismatch(let stored, let computed):
            what = "length CRC mismatch (stored \(hex(stored)), computed \(hex(computed)))"
        case .lengthBeyondEnd(let length, let available):
            what = "record of \(length) data bytes plus a 4-byte CRC, but only \(available) bytes left"
                + " (truncated file or corrupt length)"
        case .dataCRCMismatch(let stored, let computed):
            what = "data CRC mismatch (stored \(hex(stored)), computed \(hex(computed)))"
        case .undecodableEvent(let reason):
            what = "record is not a decodable Event: \(reason)"
        }
        return "\(file): record at byte offset \(offset): \(what)"
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}
