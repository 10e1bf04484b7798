import Foundation

/// A MATLAB level-4 MAT file's first matrix (CinC 2020 stores its signals this way).
public struct MATv4: Sendable {
    /// Variable name.
    public let name: String
    /// Number of rows (signals, in CinC files).
    public let rows: Int
    /// Number of columns (samples, in CinC files).
    public let columns: Int
    /// Real values in column-major order (element (r, c) at c·rows + r).
    public let values: [Double]

    /// Parses the first matrix of a level-4 MAT file; `file` names it in errors.
    public static func read(_ data: Data, file: String) throws -> MATv4 {
        func err(_ what: String) -> DatasetError { DatasetError(file: file, "MAT v4: \(what)") }
        guard data.count >= 20 else { throw err("file has \(data.count) bytes, shorter than the 20-byte header") }
        return try data.withUnsafeBytes { raw -> MATv4 in
            func word(_ i: Int, bigEndian: Bool) -> Int32 {
                let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                return Int32(bitPattern: bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v))
            }
            // The type word's thousands digit says the byte order; try little-endian first.
            var big = false
            var type = word(0, bigEndian: false)
            if type < 0 || type > 4999 { big = true; type = word(0, bigEndian: true) }
            let m = Int(type) / 1000, o = (Int(type) / 100) % 10, p = (Int(type) / 10) % 10, t = Int(type) % 10
            guard (m == 0 && !big) || (m == 1 && big), o == 0 else { throw err("type word \(type) is not a level-4 MAT header") }
            guard t == 0 else { throw err("matrix type \(t) is not a full numeric matrix") }
            let rows = Int(word(1, bigEndian: big)), cols = Int(word(2, bigEndian: big))
            let imag = word(3, bigEndian: big), namlen = Int(word(4, bigEndian: big))
            guard rows >= 0, cols >= 0, namlen >= 1, namlen < 4096 else {
                throw err("bad dimensions \(rows)×\(cols) or name length \(namlen)")
            }
            guard imag == 0 else { throw err("complex matrices are not supported") }
            let nameEnd = 20 + namlen
            guard data.count >= nameEnd else { throw err("truncated in the variable name") }
            let nameBytes = raw[20..<(nameEnd - 1)]
            let name = String(decoding: nameBytes, as: UTF8.self)
            let size: Int
            switch p {
            case 0: size = 8
            case 1: size = 4
            case 2: size = 4
            case 3, 4: size = 2
            case 5: size = 1
            default: throw err("unknown element precision \(p)")
            }
            // rows and cols are 32-bit, so their product fits; times the element size it may not.
            let count = rows * cols
            let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, data.count - nameEnd >= bytes else {
                throw err("truncated: \(rows)×\(cols) matrix '\(name)' needs \(overflow ? "more" : String(bytes)) bytes, file has \(data.count - nameEnd)")
            }
            var values = [Double](repeating: 0, count: count)
            for i in 0..<count {
                let off = nameEnd + i * size
                switch p {
                case 0:
                    let u = raw.loadUnaligned(fromByteOffset: off, as: UInt64.self)
                    values[i] = Double(bitPattern: big ? UInt64(bigEndian: u) : UInt64(littleEndian: u))
                case 1:
                    let u = raw.loadUnaligned(fromByteOffset: off, as: UInt32.self)
                    values[i] = Double(Float(bitPattern: big ? UInt32(bigEndian: u) : UInt32(littleEndian: u)))
                case 2:
                    let u = raw.loadUnaligned(fromByteOffset: off, as: UInt32.self)
                    values[i] = Double(Int32(bitPattern: big ? UInt32(bigEndian: u) : UInt32(littleEndian: u)))
                case 3:
                    let u = raw.loadUnaligned(fromByteOffset: off, as: UInt16.self)
                    values[i] = Double(Int16(bitPattern: big ? UInt16(bigEndian: u) : UInt16(littleEndian: u)))
                case 4:
                    let u = raw.loadUnaligned(fromByteOffset: off, as: UInt16.self)
                    values[i] = Double(big ? UInt16(bigEndian: u) : UInt16(littleEndian: u))
                default:
                    values[i] = Double(raw[off])
                }
            }
            return MATv4(name: name, rows: rows, columns: cols, values: values)
        }
    }
}
