import Foundation

/// Element types of PyTorch storages this reader converts to float32.
public enum TorchDType: String, Sendable, Equatable, CaseIterable {
    case float32, float16, bfloat16, float64, int64, int32, int16, int8, uint8, bool

    /// The dtype of a legacy storage class name such as `FloatStorage`.
    init?(storageClass: String) {
        let table: [String: TorchDType] = [
            "FloatStorage": .float32, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
            "DoubleStorage": .float64, "LongStorage": .int64, "IntStorage": .int32,
            "ShortStorage": .int16, "CharStorage": .int8, "ByteStorage": .uint8, "BoolStorage": .bool,
        ]
        guard let dtype = table[storageClass] else { return nil }
        self = dtype
    }

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Converts `count` little-endian elements of this type to float32.
    func decode(_ data: Data, count: Int) -> [Float] {
        data.withUnsafeBytes { raw -> [Float] in
            func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
            }
            switch self {
            case .float32:
                #if _endian(little)
                // Same layout as the host: one bulk copy (this module is not optimised in debug builds).
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * 4)]))
                    initialized = count
                }
                #else
                return (0..<count).map { Float(bitPattern: load(UInt32.self, $0)) }
                #endif
            case .float16:
                // A table lookup per element keeps unoptimised (debug) builds fast on large checkpoints.
                let table = halfTable
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    for i in 0..<count { buffer[i] = table[Int(bytes[2 * i]) | Int(bytes[2 * i + 1]) << 8] }
                    initialized = count
                }
            case .bfloat16: return (0..<count).map { Float(bitPattern: UInt32(load(UInt16.self, $0)) << 16) }
            case .float64: return (0..<count).map { Float(Double(bitPattern: load(UInt64.self, $0))) }
            case .int64: return (0..<count).map { Float(load(Int64.self, $0)) }
            case .int32: return (0..<count).map { Float(load(Int32.self, $0)) }
            case .int16: return (0..<count).map { Float(load(Int16.self, $0)) }
            case .int8: return (0..<count).map { Float(load(Int8.self, $0)) }
            case .uint8: return (0..<count).map { Float(load(UInt8.self, $0)) }
            case .bool: return (0..<count).map { load(UInt8.self, $0) != 0 ? 1 : 0 }
            }
        }
    }
}

/// Every binary16 bit pattern's float32 value.
let halfTable: [Float] = (0...UInt16.max).map(halfToFloat)

/// IEEE 754 binary16 → binary32, exact (subnormals, infinities and NaN included).
func halfToFloat(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x03FF)
    switch exponent {
    case 0:
        // Zero or subnormal: mantissa · 2⁻²⁴.
        let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign != 0 ? -magnitude : magnitude
    case 0x1F:
        return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    default:
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
}
