import Foundation

/// The fixed-size `.npy` (v1.0) header of a store's signal file, so numpy can `np.load(…, mmap_mode='r')` it.
enum NPYHeader {
    /// Header bytes reserved at the start of the file (a multiple of 64, large enough for any shape).
    static let size = 128

    /// The header for a little-endian float32 array of `rows` × `columns`.
    static func make(rows: Int, columns: Int) -> Data {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let prefix = 10
        while prefix + dict.utf8.count + 1 < size { dict += " " }
        dict += "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let len = UInt16(dict.utf8.count)
        d.append(contentsOf: [UInt8(len & 0xFF), UInt8(len >> 8)])
        d.append(contentsOf: Array(dict.utf8))
        return d
    }

    /// Checks a header written by `make` and returns its row count.
    static func parse(_ p: UnsafeRawPointer, size fileSize: Int, file: String) throws -> (rows: Int, columns: Int) {
        guard fileSize >= size else { throw DatasetError(file: file, "shorter than its .npy header") }
        let bytes = UnsafeRawBufferPointer(start: p, count: size)
        guard bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else { throw DatasetError(file: file, "not a .npy file") }
        let text = String(decoding: bytes[10..<size], as: UTF8.self)
        guard text.contains("'descr': '<f4'"), text.contains("'fortran_order': False"),
              let open = text.range(of: "'shape': ("), let close = text[open.upperBound...].firstIndex(of: ")") else {
            throw DatasetError(file: file, "unexpected .npy header: \(text)")
        }
        let dims = text[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard dims.count == 2 else { throw DatasetError(file: file, "expected a 2-D array, header says \(text)") }
        return (dims[0], dims[1])
    }
}
