import Foundation

/// Bounds-checked little-endian reads from a byte buffer; every overrun throws an error that
/// names what was being read (`context`), so a truncated file never yields garbage. The error is
/// the reading module's own type (`makeError`), so a caller's exit-code mapping stays unchanged.
public struct ByteReader {
    /// The bytes, re-based so that offsets start at 0.
    public let bytes: Data
    /// Offset of the next read.
    public var position: Int = 0
    /// What these bytes are (e.g. "archive 'a.zip' entry 'x.npy'"), used in error messages.
    public let context: String
    /// Builds the thrown error from its message.
    public let makeError: (String) -> any Error

    /// A reader over `data`, throwing `makeError(message)` on every overrun.
    public init(_ data: Data, context: String, error makeError: @escaping (String) -> any Error) {
        bytes = data.startIndex == 0 ? data : Data(data)
        self.context = context
        self.makeError = makeError
    }

    /// Bytes left after `position`.
    public var remaining: Int { bytes.count - position }
    /// Whether every byte has been read.
    public var isAtEnd: Bool { position >= bytes.count }

    /// Fails unless `count` more bytes are available.
    public func require(_ count: Int, for what: String) throws {
        // `count` may come straight from the file: compare against what is left, never add to it.
        guard count >= 0, position >= 0, count <= bytes.count - position else {
            throw makeError("\(context): truncated while reading \(what) (need \(count) bytes at offset \(position), only \(max(0, remaining)) left)")
        }
    }

    public mutating func readBytes(_ count: Int, for what: String) throws -> Data {
        try require(count, for: what)
        defer { position += count }
        return bytes.subdata(in: position..<(position + count))
    }

    public mutating func skip(_ count: Int, for what: String) throws {
        try require(count, for: what)
        position += count
    }

    public mutating func readInteger<T: FixedWidthInteger>(_: T.Type, for what: String) throws -> T {
        let size = MemoryLayout<T>.size
        try require(size, for: what)
        let value = bytes.withUnsafeBytes { raw in
            T(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: T.self))
        }
        position += size
        return value
    }

    public mutating func u8(_ what: String) throws -> UInt8 { try readInteger(UInt8.self, for: what) }
    public mutating func u16(_ what: String) throws -> UInt16 { try readInteger(UInt16.self, for: what) }
    public mutating func u32(_ what: String) throws -> UInt32 { try readInteger(UInt32.self, for: what) }
    public mutating func u64(_ what: String) throws -> UInt64 { try readInteger(UInt64.self, for: what) }

    /// A 64-bit size or offset as an `Int`; values past `Int.max` cannot describe these bytes.
    public mutating func size64(_ what: String) throws -> Int {
        let value = try u64(what)
        guard let size = Int(exactly: value) else {
            throw makeError("\(context): \(what) \(value) is larger than any file")
        }
        return size
    }
}

extension Data {
    /// Little-endian integer at `offset` (relative to `startIndex`), or nil past the end.
    public func littleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= count - size else { return nil }
        return withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// The product of `values`, or nil if it overflows (hostile shapes must fail, not trap).
public func checkedProduct(_ values: [Int]) -> Int? {
    var product = 1
    for v in values {
        let (p, overflow) = product.multipliedReportingOverflow(by: v)
        if overflow { return nil }
        product = p
    }
    return product
}
