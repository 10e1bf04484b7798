import Foundation

/// One member of a tar archive with its bytes.
public struct TarEntry: Sendable, Equatable {
    /// What kind of member this is.
    public enum Kind: Sendable, Equatable {
        /// A regular file.
        case file
        /// A directory.
        case directory
        /// Anything else (links, devices, fifos): listed but carries no data.
        case other(UInt8)
    }

    /// Full path inside the archive (long names from pax or GNU headers applied).
    public let name: String
    /// Member type.
    public let kind: Kind
    /// File contents (empty for non-files).
    public let data: Data
}

/// Reads a tar stream (ustar, pax extended headers, GNU long names) member by member from a
/// forward-only byte source, e.g. a `GzipInputStream` for `.tar.gz`.
public struct TarReader<Source: ByteSource> {
    private var source: Source
    private var finished = false
    private var previousEntry: String?
    private static var blockSize: Int { 512 }

    /// A reader over `source`.
    public init(source: Source) { self.source = source }

    /// The next member, or nil at the end of the archive.
    public mutating func next() throws -> TarEntry? {
        var overrides: [String: String] = [:]
        var longName: String?
        while !finished {
            let header: Data
            do {
                header = try source.read(Self.blockSize)
            } catch let error as ArchiveError {
                throw ArchiveError("\(error.message) after entry '\(previousEntry ?? "(none)")'")
            }
            if header.isEmpty {
                // Some writers omit the two zero blocks; a clean end on a block boundary is fine.
                finished = true
                return nil
            }
            guard header.count == Self.blockSize else {
                throw ArchiveError("archive '\(source.sourceName)': truncated archive (the tar header after entry '\(previousEntry ?? "(none)")' is cut off)")
            }
            if header.allSatisfy({ $0 == 0 }) {
                finished = true
                return nil
            }
            let fields = try TarHeader(header, archive: source.sourceName)
            let size = Int(overrides["size"] ?? "") ?? fields.size
            // A pax "size" is free text and may be negative; the padding must not overflow.
            guard size >= 0, size <= Int.max - Self.blockSize else {
                throw ArchiveError("archive '\(source.sourceName)': corrupt tar header for '\(overrides["path"] ?? longName ?? fields.name)' (size \(size))")
            }
            let name = overrides["path"] ?? longName ?? fields.name
            let payload = try readPayload(size: size, entry: name)
            previousEntry = name
            switch fields.typeFlag {
            case UInt8(ascii: "x"):
                overrides.merge(try PaxRecords.parse(payload, archive: source.sourceName)) { $1 }
            case UInt8(ascii: "g"):
                continue // global pax headers carry nothing this reader needs
            case UInt8(ascii: "L"):
                longName = String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "K"):
                continue // GNU long link name: links carry no data here
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                return TarEntry(name: name, kind: .file, data: payload)
            case UInt8(ascii: "5"):
                return TarEntry(name: name, kind: .directory, data: Data())
            default:
                return TarEntry(name: name, kind: .other(fields.typeFlag), data: Data())
            }
        }
        return nil
    }

    /// Reads `size` bytes plus padding to the next 512-byte boundary.
    private mutating func readPayload(size: Int, entry: String) throws -> Data {
        let padded = (size + Self.blockSize - 1) / Self.blockSize * Self.blockSize
        let block: Data
        do {
            block = try source.read(padded)
        } catch let error as ArchiveError {
            throw ArchiveError("\(error.message) while reading entry '\(entry)'")
        }
        guard block.count == padded else {
            throw ArchiveError("archive '\(source.sourceName)' entry '\(entry)': truncated archive (entry needs \(size) bytes, only \(min(block.count, size)) present)")
        }
        return block.prefix(size)
    }
}

/// The fields of a 512-byte tar header that a reader needs, checksum verified.
struct TarHeader {
    let name: String
    let size: Int
    let typeFlag: UInt8

    init(_ block: Data, archive: String) throws {
        let bytes = [UInt8](block)
        func field(_ offset: Int, _ length: Int) -> ArraySlice<UInt8> { bytes[offset..<(offset + length)] }
        func text(_ offset: Int, _ length: Int) -> String {
            String(decoding: field(offset, length).prefix { $0 != 0 }, as: UTF8.self)
        }
        let stored = TarHeader.octal(field(148, 8))
        // The checksum counts its own field as eight spaces; some old writers summed signed bytes.
        var unsigned = 0, signed = 0
        for (i, byte) in bytes.enumerated() {
            let inField = i >= 148 && i < 156
            unsigned += inField ? 32 : Int(byte)
            signed += inField ? 32 : Int(Int8(bitPattern: byte))
        }
        guard let stored, stored == unsigned || stored == signed else {
            throw ArchiveError("archive '\(archive)': corrupt tar header for '\(text(0, 100))' (checksum mismatch)")
        }
        let magic = text(257, 6)
        // Only POSIX ustar ("ustar\0") has a name prefix; GNU ("ustar  ") uses those bytes otherwise.
        let prefix = magic == "ustar" ? text(345, 155) : ""
        let base = text(0, 100)
        name = prefix.isEmpty ? base : prefix + "/" + base
        typeFlag = bytes[156]
        let sizeField = field(124, 12)
        if let first = sizeField.first, first & 0x80 != 0 {
            // GNU base-256 for sizes of 8 GiB and more (eleven bytes could hold 88 bits: checked).
            var value = Int(first & 0x7F)
            for byte in sizeField.dropFirst() {
                guard value <= Int.max >> 8 else {
                    throw ArchiveError("archive '\(archive)': corrupt tar header for '\(name)' (size field past 2⁶³)")
                }
                value = value << 8 | Int(byte)
            }
            size = value
        } else if let octal = TarHeader.octal(sizeField) {
            size = octal
        } else {
            throw ArchiveError("archive '\(archive)': corrupt tar header for '\(name)' (bad size field)")
        }
    }

    /// Parses a NUL/space-terminated octal field.
    static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        let digits = field.drop { $0 == 32 }.prefix { $0 != 0 && $0 != 32 }
        guard !digits.isEmpty else { return 0 }
        var value = 0
        for d in digits {
            guard (48...55).contains(d) else { return nil }
            value = value * 8 + Int(d - 48)
        }
        return value
    }
}

/// POSIX pax extended-header records: "<length> <key>=<value>\n".
enum PaxRecords {
    static func parse(_ data: Data, archive: String) throws -> [String: String] {
        let bytes = [UInt8](data)
        var records: [String: String] = [:]
        var i = 0
        while i < bytes.count, bytes[i] != 0 {
            guard let space = bytes[i...].firstIndex(of: 32),
                  let length = Int(String(decoding: bytes[i..<space], as: UTF8.self)),
                  length > 0, length <= bytes.count - i, bytes[i + length - 1] == 10,
                  let equals = bytes[(space + 1)..<(i + length)].firstIndex(of: 61) else {
                throw ArchiveError("archive '\(archive)': corrupt pax extended header at byte \(i)")
            }
            let key = String(decoding: bytes[(space + 1)..<equals], as: UTF8.self)
            records[key] = String(decoding: bytes[(equals + 1)..<(i + length - 1)], as: UTF8.self)
            i += length
        }
        return records
    }
}
