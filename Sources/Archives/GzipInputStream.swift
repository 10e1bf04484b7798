import CZlib
import Foundation

/// A forward-only source of bytes that tar reading pulls from.
public protocol ByteSource {
    /// Up to `count` next bytes; fewer only at the end of the stream, empty at its end.
    mutating func read(_ count: Int) throws -> Data
    /// Names the underlying file in error messages.
    var sourceName: String { get }
}

/// Streams the decompressed bytes of a gzip file (multi-member files included) without reading
/// the whole file into memory. A class because it owns a file handle and zlib state.
public final class GzipInputStream: ByteSource {
    /// Path of the `.gz` file.
    public let sourceName: String
    private let file: FileHandle
    private var stream = z_stream()
    private let inputCapacity = 1 << 20
    private let input: UnsafeMutablePointer<Bytef>
    private var fileAtEnd = false
    private var streamEnded = false
    /// Decompressed bytes not yet handed out start at `pendingStart`.
    private var pending = Data()
    private var pendingStart = 0
    private var decompressedTotal = 0

    /// Opens `url` for streaming decompression.
    public init(url: URL) throws {
        sourceName = url.path
        do {
            file = try FileHandle(forReadingFrom: url)
        } catch {
            throw ArchiveError("cannot open archive '\(url.path)': \(error.localizedDescription)")
        }
        input = .allocate(capacity: inputCapacity)
        // 16 + MAX_WBITS: expect a gzip header and trailer (CRC-32 and size are checked by zlib).
        guard inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate()
            throw ArchiveError("archive '\(url.path)': zlib inflateInit failed")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
        try? file.close()
    }

    public func read(_ count: Int) throws -> Data {
        if pending.count - pendingStart < count {
            pending = pending.subdata(in: pendingStart..<pending.count)
            pendingStart = 0
            while pending.count < count && !streamEnded {
                try inflateMore(atLeast: count - pending.count)
            }
        }
        let n = min(count, pending.count - pendingStart)
        defer { pendingStart += n }
        return pending.subdata(in: pendingStart..<(pendingStart + n))
    }

    private func refill() throws {
        guard stream.avail_in == 0, !fileAtEnd else { return }
        let chunk: Data
        do {
            chunk = try file.read(upToCount: inputCapacity) ?? Data()
        } catch {
            throw ArchiveError("archive '\(sourceName)': read failed: \(error.localizedDescription)")
        }
        if chunk.isEmpty { fileAtEnd = true; return }
        chunk.copyBytes(to: input, count: chunk.count)
        stream.next_in = input
        stream.avail_in = uInt(chunk.count)
    }

    private func inflateMore(atLeast wanted: Int) throws {
        try refill()
        if stream.avail_in == 0 && fileAtEnd {
            if decompressedTotal == 0 {
                throw ArchiveError("archive '\(sourceName)': not a gzip stream or truncated before any data")
            }
            throw ArchiveError("archive '\(sourceName)': truncated archive (the gzip stream ends without its trailer after \(decompressedTotal) decompressed bytes)")
        }
        // A caller may ask for far more than the stream holds (a tar size field is a claim):
        // inflate in bounded chunks so memory follows the data actually produced.
        let capacity = min(max(wanted, 1 << 16), 1 << 22)
        var chunk = Data(count: capacity)
        var code: Int32 = Z_OK
        let produced: Int = chunk.withUnsafeMutableBytes { raw in
            stream.next_out = raw.bindMemory(to: Bytef.self).baseAddress
            stream.avail_out = uInt(capacity)
            code = inflate(&stream, Z_NO_FLUSH)
            return capacity - Int(stream.avail_out)
        }
        pending.append(chunk.prefix(produced))
        decompressedTotal += produced
        switch code {
        case Z_OK, Z_BUF_ERROR:
            break
        case Z_STREAM_END:
            // Another gzip member may follow (concatenated .gz files are one stream).
            try refill()
            if stream.avail_in == 0 && fileAtEnd {
                streamEnded = true
            } else {
                inflateReset(&stream)
            }
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(code)"
            throw ArchiveError("archive '\(sourceName)': corrupt gzip data after \(decompressedTotal) decompressed bytes (\(reason))")
        }
    }
}
