import CZlib
import Foundation

/// Raw DEFLATE (as inside zip entries) and CRC-32 through the system zlib.
enum Zlib {
    /// CRC-32 (the zip / gzip checksum) of `data`, continuing from `initial`.
    static func crc32(_ data: Data, initial: UInt32 = 0) -> UInt32 {
        data.withUnsafeBytes { raw -> UInt32 in
            var crc = uLong(initial)
            var offset = 0
            // zlib takes a 32-bit length: feed huge buffers in slices.
            while offset < raw.count {
                let n = min(raw.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// Result of inflating one raw DEFLATE stream.
    struct Inflated {
        /// The decompressed bytes.
        var data: Data
        /// How many input bytes the stream occupied (up to its final block).
        var consumed: Int
    }

    /// Inflates the raw DEFLATE stream at the start of `input`; `expectedSize` is a capacity hint.
    /// Throws (with `context`) if the stream is corrupt, ends before its final block, or produces
    /// more than `limit` bytes (a zip entry never exceeds its declared size: no zip bombs).
    static func inflateRaw(_ input: Data, expectedSize: Int, limit: Int = .max, context: String) throws -> Inflated {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError("\(context): zlib inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        // A declared size is only a hint: never allocate more than 64 MiB before data arrives.
        // Deflate expands at most ~1032:1, so a forged size on a small input needs no more either.
        let bound = input.count > (1 << 26) / 1032 ? 1 << 26 : input.count * 1032 + 64
        var output = Data(count: min(max(expectedSize, 64), 1 << 26, bound))
        var produced = 0
        let status: Int32 = input.withUnsafeBytes { inRaw -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: inRaw.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(min(inRaw.count, Int(UInt32.max)))
            while true {
                if produced == output.count { output.count *= 2 }
                let code: Int32 = output.withUnsafeMutableBytes { outRaw in
                    stream.next_out = outRaw.bindMemory(to: Bytef.self).baseAddress!.advanced(by: produced)
                    stream.avail_out = uInt(min(outRaw.count - produced, Int(UInt32.max)))
                    let before = stream.avail_out
                    let code = inflate(&stream, Z_NO_FLUSH)
                    produced += Int(before - stream.avail_out)
                    return code
                }
                if code == Z_STREAM_END || produced > limit { return code }
                // Z_BUF_ERROR with input left means the output buffer filled: grow and go on.
                if code == Z_OK || (code == Z_BUF_ERROR && stream.avail_in > 0 && produced == output.count) { continue }
                return code
            }
        }
        guard produced <= limit else {
            throw ArchiveError("\(context): inflates to more than its declared \(limit) bytes")
        }
        switch status {
        case Z_STREAM_END:
            output.count = produced
            return Inflated(data: output, consumed: Int(stream.total_in))
        case Z_BUF_ERROR:
            throw ArchiveError("\(context): truncated compressed data (the deflate stream ends after \(input.count) bytes without its final block)")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw ArchiveError("\(context): corrupt compressed data (\(reason))")
        }
    }

    /// Compresses `input` as one raw DEFLATE stream (zip method 8).
    static func deflateRaw(_ input: Data, level: Int32 = Z_DEFAULT_COMPRESSION) -> Data {
        var stream = z_stream()
        let initCode = deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                     zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(initCode == Z_OK, "zlib deflateInit2 failed (\(initCode))")
        defer { deflateEnd(&stream) }
        precondition(input.count <= Int(UInt32.max), "deflateRaw: input of \(input.count) bytes exceeds 4 GiB")
        var output = Data(count: Int(deflateBound(&stream, uLong(input.count))))
        let written: Int = input.withUnsafeBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                stream.next_in = UnsafeMutablePointer(mutating: inRaw.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inRaw.count)
                stream.next_out = outRaw.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outRaw.count)
                let code = deflate(&stream, Z_FINISH)
                // deflateBound guarantees one Z_FINISH call suffices.
                precondition(code == Z_STREAM_END, "zlib deflate did not finish (\(code))")
                return Int(stream.total_out)
            }
        }
        output.count = written
        return output
    }
}
