import FileSupport
import Foundation

/// A ZIP archive opened for reading entries by name without unpacking to disk (stored and
/// deflated entries, zip64 sizes and offsets, CRC-32 checked on every read).
public struct ZipArchive: Sendable {
    /// One file in the archive, as listed by the central directory.
    public struct Entry: Sendable, Equatable {
        /// Path inside the archive ('/'-separated).
        public let name: String
        /// Compression method (0 stored, 8 deflated).
        public let method: UInt16
        /// General-purpose flags.
        let flags: UInt16
        /// CRC-32 of the uncompressed bytes.
        public let crc32: UInt32
        /// Size as stored in the archive.
        public let compressedSize: Int
        /// Size after decompression.
        public let uncompressedSize: Int
        /// Offset of the entry's local header.
        let localHeaderOffset: Int

        /// True for directory entries ("name/").
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Where the archive came from (used in error messages).
    public let path: String
    /// The entries in central-directory order.
    public let entries: [Entry]
    private let bytes: Data
    private let index: [String: Int]

    /// Opens the archive at `url` (memory-mapped, so large archives are not read up front).
    public init(url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ArchiveError("cannot open archive '\(url.path)': \(error.localizedDescription)")
        }
        try self.init(data: data, path: url.path)
    }

    /// Reads an archive held in memory; `path` names it in errors.
    public init(data: Data, path: String) throws {
        bytes = data.startIndex == 0 ? data : Data(data)
        self.path = path
        do {
            entries = try ZipArchive.readCentralDirectory(bytes, path: path)
        } catch let missingDirectory as MissingCentralDirectory {
            // Without a central directory the archive is cut short: walk the local headers to
            // name the entry where the data stops.
            throw ZipArchive.diagnoseTruncation(bytes, path: path) ?? ArchiveError(missingDirectory.message)
        }
        var index = [String: Int]()
        for (i, entry) in entries.enumerated() where index[entry.name] == nil { index[entry.name] = i }
        self.index = index
    }

    /// The entry called `name`, if present.
    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }

    /// The uncompressed bytes of the entry called `name`.
    public func data(named name: String) throws -> Data {
        guard let entry = entry(named: name) else {
            throw ArchiveError("archive '\(path)': no entry '\(name)'")
        }
        return try data(for: entry)
    }

    /// The uncompressed bytes of `entry`, CRC-checked.
    public func data(for entry: Entry) throws -> Data {
        let context = "archive '\(path)' entry '\(entry.name)'"
        if entry.flags & ZipFormat.flagEncrypted != 0 {
            throw ArchiveError("\(context): encrypted entries are not supported")
        }
        let start = try dataOffset(of: entry, context: context)
        // Sizes come from the directory: compare with what is left instead of adding to them.
        guard entry.compressedSize <= bytes.count - start else {
            throw ArchiveError("\(context): truncated archive (entry data needs \(entry.compressedSize) bytes from offset \(start), the file has \(bytes.count))")
        }
        let end = start + entry.compressedSize
        let stored = bytes.subdata(in: start..<end)
        let output: Data
        switch entry.method {
        case ZipFormat.methodStored:
            output = stored
        case ZipFormat.methodDeflated:
            output = try Zlib.inflateRaw(stored, expectedSize: entry.uncompressedSize, limit: entry.uncompressedSize, context: context).data
        default:
            throw ArchiveError("\(context): unsupported compression method \(entry.method) (only stored and deflated)")
        }
        guard output.count == entry.uncompressedSize else {
            throw ArchiveError("\(context): size mismatch (directory says \(entry.uncompressedSize) bytes, got \(output.count))")
        }
        let crc = Zlib.crc32(output)
        guard crc == entry.crc32 else {
            throw ArchiveError("\(context): CRC-32 mismatch (expected \(hex(entry.crc32)), got \(hex(crc)))")
        }
        return output
    }

    /// Offset of the entry's data: past its local header, whose name/extra lengths may differ
    /// from the central directory's (PyTorch pads its extra fields to align tensor data).
    private func dataOffset(of entry: Entry, context: String) throws -> Int {
        let o = entry.localHeaderOffset
        guard o <= bytes.count, let signature = bytes.littleEndian(UInt32.self, at: o),
              let nameLength = bytes.littleEndian(UInt16.self, at: o + 26),
              let extraLength = bytes.littleEndian(UInt16.self, at: o + 28) else {
            throw ArchiveError("\(context): truncated archive (local header at offset \(o) is cut off)")
        }
        guard signature == ZipFormat.localHeader else {
            throw ArchiveError("\(context): corrupt archive (no local header at offset \(o))")
        }
        return o + ZipFormat.localHeaderSize + Int(nameLength) + Int(extraLength)
    }

    // MARK: Central directory

    private struct MissingCentralDirectory: Error { let message: String }

    private static func readCentralDirectory(_ bytes: Data, path: String) throws -> [Entry] {
        guard let eocd = findEndRecord(bytes) else {
            throw MissingCentralDirectory(message: "archive '\(path)': not a zip file or truncated (no end-of-central-directory record)")
        }
        var reader = ByteReader(bytes, context: "archive '\(path)'", error: ArchiveError.init)
        reader.position = eocd + 4
        _ = try reader.u16("disk number")
        _ = try reader.u16("central directory disk")
        _ = try reader.u16("entries on this disk")
        var count = Int(try reader.u16("entry count"))
        var directorySize = Int(try reader.u32("central directory size"))
        var directoryOffset = Int(try reader.u32("central directory offset"))

        // Zip64: the locator sits just before the end record.
        if eocd >= 20, bytes.littleEndian(UInt32.self, at: eocd - 20) == ZipFormat.zip64Locator {
            reader.position = eocd - 20 + 8
            let recordOffset = try reader.size64("zip64 end record offset")
            reader.position = recordOffset
            guard try reader.u32("zip64 end record signature") == ZipFormat.zip64EndOfCentralDirectory else {
                throw ArchiveError("archive '\(path)': corrupt zip64 end-of-central-directory record at offset \(recordOffset)")
            }
            try reader.skip(8 + 2 + 2 + 4 + 4 + 8, for: "zip64 end record")
            count = try reader.size64("zip64 entry count")
            directorySize = try reader.size64("zip64 central directory size")
            directoryOffset = try reader.size64("zip64 central directory offset")
        }
        guard directoryOffset <= eocd, directorySize <= eocd - directoryOffset else {
            throw ArchiveError("archive '\(path)': corrupt central directory (offset \(directoryOffset) + size \(directorySize) runs past its end record at \(eocd))")
        }

        // Every header takes at least 46 bytes, so the count cannot exceed what the directory holds
        // (and a forged count must not reserve memory for billions of entries).
        guard count <= directorySize / ZipFormat.centralHeaderSize else {
            throw ArchiveError("archive '\(path)': corrupt central directory (\(count) entries cannot fit in \(directorySize) bytes)")
        }
        reader.position = directoryOffset
        var entries = [Entry]()
        entries.reserveCapacity(count)
        for i in 0..<count {
            guard try reader.u32("central directory header \(i)") == ZipFormat.centralHeader else {
                throw ArchiveError("archive '\(path)': corrupt central directory (header \(i) of \(count) at offset \(reader.position - 4) has a bad signature)")
            }
            try reader.skip(4, for: "versions")
            let flags = try reader.u16("flags")
            let method = try reader.u16("method")
            try reader.skip(4, for: "modification time")
            let crc = try reader.u32("crc-32")
            var compressed = UInt64(try reader.u32("compressed size"))
            var uncompressed = UInt64(try reader.u32("uncompressed size"))
            let nameLength = Int(try reader.u16("name length"))
            let extraLength = Int(try reader.u16("extra length"))
            let commentLength = Int(try reader.u16("comment length"))
            try reader.skip(2 + 2 + 4, for: "attributes")
            var offset = UInt64(try reader.u32("local header offset"))
            let nameBytes = try reader.readBytes(nameLength, for: "entry name")
            let extra = try reader.readBytes(extraLength, for: "extra field")
            try reader.skip(commentLength, for: "comment")
            let name = String(decoding: nameBytes, as: UTF8.self)

            // Only the fields that overflowed appear in the zip64 extra, in this order.
            if let zip64 = zip64Extra(extra) {
                var z = ByteReader(zip64, context: "archive '\(path)' entry '\(name)' zip64 extra field", error: ArchiveError.init)
                if uncompressed == UInt64(ZipFormat.sentinel32) { uncompressed = try z.u64("uncompressed size") }
                if compressed == UInt64(ZipFormat.sentinel32) { compressed = try z.u64("compressed size") }
                if offset == UInt64(ZipFormat.sentinel32) { offset = try z.u64("local header offset") }
            }
            guard let compressedSize = Int(exactly: compressed), let uncompressedSize = Int(exactly: uncompressed),
                  let localHeaderOffset = Int(exactly: offset) else {
                throw ArchiveError("archive '\(path)': corrupt central directory (entry '\(name)' has sizes or offset past 2⁶³)")
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc32: crc,
                                 compressedSize: compressedSize, uncompressedSize: uncompressedSize,
                                 localHeaderOffset: localHeaderOffset))
        }
        return entries
    }

    /// Offset of the end-of-central-directory record, searched backwards over a possible comment.
    private static func findEndRecord(_ bytes: Data) -> Int? {
        guard bytes.count >= ZipFormat.endRecordSize else { return nil }
        let last = bytes.count - ZipFormat.endRecordSize
        let first = max(0, last - 0xFFFF)
        for offset in stride(from: last, through: first, by: -1)
        where bytes.littleEndian(UInt32.self, at: offset) == ZipFormat.endOfCentralDirectory {
            // The comment length must reach exactly to the end of the file.
            if let commentLength = bytes.littleEndian(UInt16.self, at: offset + 20),
               offset + ZipFormat.endRecordSize + Int(commentLength) == bytes.count {
                return offset
            }
        }
        return nil
    }

    private static func zip64Extra(_ extra: Data) -> Data? {
        var offset = 0
        while let id = extra.littleEndian(UInt16.self, at: offset),
              let size16 = extra.littleEndian(UInt16.self, at: offset + 2) {
            let size = Int(size16)
            let start = extra.startIndex + offset + 4
            guard offset + 4 + size <= extra.count else { return nil }
            if id == ZipFormat.zip64ExtraID { return extra.subdata(in: start..<(start + size)) }
            offset += 4 + size
        }
        return nil
    }

    /// Walks local headers from the start; returns an error naming the entry whose header or
    /// data runs past the end of the file, or nil if nothing looks cut off.
    private static func diagnoseTruncation(_ bytes: Data, path: String) -> ArchiveError? {
        var offset = 0
        var lastName: String?
        while let signature = bytes.littleEndian(UInt32.self, at: offset), signature == ZipFormat.localHeader {
            guard offset + ZipFormat.localHeaderSize <= bytes.count,
                  let flags = bytes.littleEndian(UInt16.self, at: offset + 6),
                  let method = bytes.littleEndian(UInt16.self, at: offset + 8),
                  let compressed32 = bytes.littleEndian(UInt32.self, at: offset + 18),
                  let nameLength16 = bytes.littleEndian(UInt16.self, at: offset + 26),
                  let extraLength16 = bytes.littleEndian(UInt16.self, at: offset + 28) else {
                return ArchiveError("archive '\(path)': truncated archive (the local header after entry '\(lastName ?? "?")' is cut off at byte \(bytes.count))")
            }
            var compressed = UInt64(compressed32)
            let nameLength = Int(nameLength16), extraLength = Int(extraLength16)
            let nameStart = offset + ZipFormat.localHeaderSize
            guard nameStart + nameLength + extraLength <= bytes.count else {
                return ArchiveError("archive '\(path)': truncated archive (the local header of the entry after '\(lastName ?? "?")' is cut off at byte \(bytes.count))")
            }
            let name = String(decoding: bytes.subdata(in: nameStart..<(nameStart + nameLength)), as: UTF8.self)
            let dataStart = nameStart + nameLength + extraLength
            if compressed == UInt64(ZipFormat.sentinel32),
               let zip64 = zip64Extra(bytes.subdata(in: (nameStart + nameLength)..<dataStart)),
               let size = zip64.littleEndian(UInt64.self, at: 8) {
                compressed = size
            }
            var dataEnd: Int
            if flags & ZipFormat.flagDataDescriptor != 0 {
                // Sizes follow the data: only a deflate stream knows where it ends.
                guard method == ZipFormat.methodDeflated,
                      let inflated = try? Zlib.inflateRaw(bytes.subdata(in: dataStart..<bytes.count), expectedSize: 0, context: "")
                else {
                    return ArchiveError("archive '\(path)' entry '\(name)': truncated archive (entry data is cut off at byte \(bytes.count))")
                }
                dataEnd = dataStart + inflated.consumed
                let hasSignature = bytes.littleEndian(UInt32.self, at: dataEnd) == ZipFormat.dataDescriptor
                dataEnd += hasSignature ? 16 : 12
            } else {
                // A forged 64-bit size must not overflow the sum: anything past the file is cut off.
                guard let size = Int(exactly: compressed), size <= bytes.count - dataStart else {
                    return ArchiveError("archive '\(path)' entry '\(name)': truncated archive (entry data needs \(compressed) bytes from offset \(dataStart), the file has \(bytes.count))")
                }
                dataEnd = dataStart + size
            }
            guard dataEnd <= bytes.count else {
                return ArchiveError("archive '\(path)' entry '\(name)': truncated archive (entry data needs bytes \(dataStart)..<\(dataEnd), the file has \(bytes.count))")
            }
            lastName = name
            offset = dataEnd
        }
        if let lastName, offset >= bytes.count || bytes.littleEndian(UInt32.self, at: offset) == nil {
            return ArchiveError("archive '\(path)': truncated archive (cut off after entry '\(lastName)' at byte \(bytes.count), the central directory is missing)")
        }
        if let lastName, bytes.littleEndian(UInt32.self, at: offset) == ZipFormat.centralHeader {
            return ArchiveError("archive '\(path)': truncated archive (the central directory after entry '\(lastName)' is cut off at byte \(bytes.count))")
        }
        return nil
    }
}

func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: false) }
