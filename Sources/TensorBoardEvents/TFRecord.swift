/// TFRecord framing: each record is a little-endian UInt64 length, the masked CRC-32C of those
/// 8 bytes, the data, and the masked CRC-32C of the data.
public enum TFRecord {
    /// Bytes of framing before the data: the length and its CRC.
    static let headerSize = 12
    /// Bytes of framing after the data: its CRC.
    static let footerSize = 4

    /// Appends `data` to `out` as one framed record.
    public static func append<Data: Collection>(_ data: Data, to out: inout [UInt8]) where Data.Element == UInt8 {
        let length = littleEndianBytes(UInt64(data.count))
        out += length
        out += littleEndianBytes(CRC32C.maskedChecksum(length))
        out += data
        out += littleEndianBytes(CRC32C.maskedChecksum(data))
    }

    /// One record's data and the byte offset where its framing starts.
    public struct Record: Equatable, Sendable {
        public let offset: Int
        public let data: ArraySlice<UInt8>
    }

    /// Splits `bytes` into records, verifying both CRCs of each; `file` only names the bytes in errors.
    public static func records(in bytes: [UInt8], file: String) throws -> [Record] {
        var records: [Record] = []
        var offset = 0
        while offset < bytes.count {
            let available = bytes.count - offset
            guard available >= headerSize else {
                throw EventFileError(file: file, offset: offset, problem: .truncatedHeader(available: available))
            }
            let lengthBytes = bytes[offset..<offset + 8]
            let storedLengthCRC = readUInt32(bytes, at: offset + 8)
            let lengthCRC = CRC32C.maskedChecksum(lengthBytes)
            guard storedLengthCRC == lengthCRC else {
                throw EventFileError(file: file, offset: offset,
                                     problem: .lengthCRCMismatch(stored: storedLengthCRC, computed: lengthCRC))
            }
            let length = readUInt64(bytes, at: offset)
            // Compared as UInt64 before any Int conversion or slicing, so a huge length can
            // neither trap nor make us reserve memory the file does not back.
            let left = available - headerSize
            guard left >= footerSize, length <= UInt64(left - footerSize) else {
                throw EventFileError(file: file, offset: offset,
                                     problem: .lengthBeyondEnd(length: length, available: left))
            }
            let start = offset + headerSize
            let end = start + Int(length)
            let data = bytes[start..<end]
            let storedDataCRC = readUInt32(bytes, at: end)
            let dataCRC = CRC32C.maskedChecksum(data)
            guard storedDataCRC == dataCRC else {
                throw EventFileError(file: file, offset: offset,
                                     problem: .dataCRCMismatch(stored: storedDataCRC, computed: dataCRC))
            }
            records.append(Record(offset: offset, data: data))
            offset = end + footerSize
        }
        return records
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    // Callers have checked the bounds.
    static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << ($1 * 8) }
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
    }
}
