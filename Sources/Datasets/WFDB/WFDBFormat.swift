/// A WFDB signal-file storage format (the `format` field of a signal line).
public enum WFDBFormat: Int, Sendable, CaseIterable {
    /// 8-bit first differences (needs the initial value).
    case difference8 = 8
    /// 16-bit two's complement, little-endian.
    case int16 = 16
    /// 16-bit two's complement, big-endian.
    case int16BigEndian = 61
    /// 8-bit offset binary.
    case offset8 = 80
    /// 16-bit offset binary, little-endian.
    case offset16 = 160
    /// Pairs of 12-bit two's complement samples packed into three bytes.
    case packed212 = 212
    /// 24-bit two's complement, little-endian.
    case int24 = 24
    /// 32-bit two's complement, little-endian.
    case int32 = 32

    /// The value WFDB reserves for "no sample here" in this format.
    public var invalidSample: Int32 {
        switch self {
        case .difference8, .offset8: return -128
        case .int16, .int16BigEndian, .offset16: return -32768
        case .packed212: return -2048
        case .int24: return -(1 << 23)
        case .int32: return Int32.min
        }
    }

    /// Bytes occupied by `samples` consecutive samples (212 packs two samples in three bytes).
    func byteCount(samples: Int) -> Int {
        switch self {
        case .difference8, .offset8: return samples
        case .int16, .int16BigEndian, .offset16: return 2 * samples
        case .packed212: return (3 * samples + 1) / 2
        case .int24: return 3 * samples
        case .int32: return 4 * samples
        }
    }

    /// How many whole samples fit in `bytes` bytes.
    func sampleCount(bytes: Int) -> Int {
        switch self {
        case .difference8, .offset8: return bytes
        case .int16, .int16BigEndian, .offset16: return bytes / 2
        case .packed212: return (bytes / 3) * 2 + (bytes % 3 == 2 ? 1 : 0)
        case .int24: return bytes / 3
        case .int32: return bytes / 4
        }
    }

    /// Decodes the first `count` samples of the interleaved stream in `bytes`.
    ///
    /// `initialValues` (one per position within a frame) are only used by the difference
    /// format, whose samples accumulate per frame position.
    func decode(_ bytes: UnsafeRawBufferPointer, count: Int, initialValues: [Int32]) -> [Int32] {
        var out = [Int32](repeating: 0, count: count)
        let b = bytes.bindMemory(to: UInt8.self)
        switch self {
        case .int16:
            for i in 0..<count { out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8)) }
        case .int16BigEndian:
            for i in 0..<count { out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i + 1]) | UInt16(b[2 * i]) << 8)) }
        case .offset16:
            for i in 0..<count { out[i] = Int32(UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8) - 32768 }
        case .offset8:
            for i in 0..<count { out[i] = Int32(b[i]) - 128 }
        case .int24:
            for i in 0..<count {
                let u = UInt32(b[3 * i]) | UInt32(b[3 * i + 1]) << 8 | UInt32(b[3 * i + 2]) << 16
                out[i] = Int32(bitPattern: u << 8) >> 8
            }
        case .int32:
            for i in 0..<count {
                let u = UInt32(b[4 * i]) | UInt32(b[4 * i + 1]) << 8 | UInt32(b[4 * i + 2]) << 16 | UInt32(b[4 * i + 3]) << 24
                out[i] = Int32(bitPattern: u)
            }
        case .packed212:
            var i = 0
            while i < count {
                let o = (i / 2) * 3
                let b0 = Int32(b[o]), b1 = Int32(b[o + 1])
                out[i] = ((b0 | (b1 & 0x0F) << 8) << 20) >> 20
                if i + 1 < count {
                    let b2 = Int32(b[o + 2])
                    out[i + 1] = ((b2 | (b1 & 0xF0) << 4) << 20) >> 20
                }
                i += 2
            }
        case .difference8:
            // Differences accumulate per signal slot within the frame.
            var acc = initialValues
            let frame = initialValues.count
            for i in 0..<count {
                let slot = i % frame
                acc[slot] &+= Int32(Int8(bitPattern: b[i]))
                out[i] = acc[slot]
            }
        }
        return out
    }
}
