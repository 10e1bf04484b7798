import FileSupport
import Foundation

/// Builds a ZIP archive in memory (stored or deflated entries) and writes it atomically.
/// Timestamps are fixed (1980-01-01) so the same contents always give the same bytes.
public struct ZipWriter {
    /// How an entry's bytes are stored.
    public enum Method: Sendable {
        /// Uncompressed.
        case stored
        /// Raw DEFLATE at zlib's default level.
        case deflated
    }

    private struct Written {
        let name: Data
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let offset: Int
    }

    private var body = Data()
    private var written: [Written] = []
    private var names: Set<String> = []

    /// An empty archive.
    public init() {}

    /// Appends an entry; names must be unique and the archive must stay under 4 GiB
    /// (this writer does not emit zip64 records).
    public mutating func add(name: String, data: Data, method: Method) throws {
        guard !names.contains(name) else { throw ArchiveError("zip writer: duplicate entry '\(name)'") }
        guard written.count + 1 < Int(ZipFormat.sentinel16) else {
            throw ArchiveError("zip writer: entry '\(name)' would be entry \(written.count + 1); more than 65,534 entries need zip64, which this writer does not emit")
        }
        let payload: Data
        let methodCode: UInt16
        switch method {
        case .stored: (payload, methodCode) = (data, ZipFormat.methodStored)
        case .deflated: (payload, methodCode) = (Zlib.deflateRaw(data), ZipFormat.methodDeflated)
        }
        let limit = Int(UInt32.max) - 1
        guard data.count < limit, body.count + payload.count + 1024 < limit else {
            throw ArchiveError("zip writer: entry '\(name)' (\(data.count) bytes) would exceed 4 GiB; zip64 output is not supported")
        }
        names.insert(name)
        let nameBytes = Data(name.utf8)
        let entry = Written(name: nameBytes, method: methodCode, crc: Zlib.crc32(data),
                            compressedSize: payload.count, uncompressedSize: data.count, offset: body.count)
        body.appendLittleEndian(ZipFormat.localHeader)
        appendCommonFields(entry, to: &body)
        body.appendLittleEndian(UInt16(0)) // extra length
        body.append(nameBytes)
        body.append(payload)
        written.append(entry)
    }

    /// The complete archive bytes.
    public func archiveData() -> Data {
        var out = body
        let directoryOffset = out.count
        for entry in written {
            out.appendLittleEndian(ZipFormat.centralHeader)
            out.appendLittleEndian(UInt16(20)) // version made by (2.0, MS-DOS attributes)
            appendCommonFields(entry, to: &out)
            out.appendLittleEndian(UInt16(0)) // extra length
            out.appendLittleEndian(UInt16(0)) // comment length
            out.appendLittleEndian(UInt16(0)) // disk number
            out.appendLittleEndian(UInt16(0)) // internal attributes
            out.appendLittleEndian(UInt32(0)) // external attributes
            out.appendLittleEndian(UInt32(entry.offset))
            out.append(entry.name)
        }
        let directorySize = out.count - directoryOffset
        out.appendLittleEndian(ZipFormat.endOfCentralDirectory)
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(written.count))
        out.appendLittleEndian(UInt16(written.count))
        out.appendLittleEndian(UInt32(directorySize))
        out.appendLittleEndian(UInt32(directoryOffset))
        out.appendLittleEndian(UInt16(0)) // comment length
        return out
    }

    /// Writes the archive to `url` via a temporary file and a rename.
    public func write(to url: URL) throws {
        try AtomicFile.write(archiveData(), to: url)
    }

    /// Fields shared by local and central headers, from "version needed" to "name length".
    private func appendCommonFields(_ entry: Written, to out: inout Data) {
        out.appendLittleEndian(UInt16(20)) // version needed: 2.0
        out.appendLittleEndian(ZipFormat.flagUTF8)
        out.appendLittleEndian(entry.method)
        out.appendLittleEndian(UInt16(0)) // time 00:00:00
        out.appendLittleEndian(UInt16((0 << 9) | (1 << 5) | 1)) // date 1980-01-01
        out.appendLittleEndian(entry.crc)
        out.appendLittleEndian(UInt32(entry.compressedSize))
        out.appendLittleEndian(UInt32(entry.uncompressedSize))
        out.appendLittleEndian(UInt16(entry.name.count))
    }
}
