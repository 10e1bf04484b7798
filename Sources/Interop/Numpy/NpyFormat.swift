import FileSupport
import Foundation

/// Encodes and decodes numpy's `.npy` format (versions 1.0 and 2.0, little-endian, C order).
public enum NpyFormat {
    private static let magic = Data([0x93] + Array("NUMPY".utf8))

    /// The `.npy` bytes of `array`.
    public static func encode(_ array: NpyArray) -> Data {
        let (descr, payload) = descriptorAndPayload(array.elements)
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // numpy pads the header with spaces so the data starts on a 64-byte boundary.
        let useVersion2 = header.utf8.count + 1 + 10 > 0xFFFF
        let prefixLength = useVersion2 ? 12 : 10
        let total = (prefixLength + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - prefixLength - header.utf8.count - 1) + "\n"
        var out = magic
        out.append(contentsOf: useVersion2 ? [2, 0] : [1, 0])
        if useVersion2 { out.appendLittleEndian(UInt32(header.utf8.count)) } else { out.appendLittleEndian(UInt16(header.utf8.count)) }
        out.append(contentsOf: header.utf8)
        out.append(payload)
        return out
    }

    /// Decodes `.npy` bytes; `name` identifies the file or archive entry in errors.
    public static func decode(_ data: Data, name: String) throws -> NpyArray {
        var reader = ByteReader(data, context: "npy '\(name)'", error: InteropError.init)
        guard try reader.readBytes(6, for: "magic") == magic else {
            throw InteropError("npy '\(name)': not an .npy file (bad magic)")
        }
        let major = try reader.u8("version")
        _ = try reader.u8("minor version")
        let headerLength: Int
        switch major {
        case 1: headerLength = Int(try reader.u16("header length"))
        case 2, 3: headerLength = Int(try reader.u32("header length"))
        default: throw InteropError("npy '\(name)': unsupported format version \(major)")
        }
        let headerText = String(decoding: try reader.readBytes(headerLength, for: "header"), as: UTF8.self)
        let header = try NpyHeader(parsing: headerText, name: name)
        guard !header.fortranOrder else {
            throw InteropError("npy '\(name)': Fortran-ordered arrays are not supported (save with C order)")
        }
        let elementSize = try header.elementSize(name: name)
        guard let count = checkedProduct(header.shape), let bytes = checkedProduct([count, elementSize]) else {
            throw InteropError("npy '\(name)': shape \(header.shape) is too large")
        }
        let payload = try reader.readBytes(bytes, for: "array data of shape \(header.shape) dtype \(header.descr)")
        return try NpyArray(shape: header.shape, elements: decodeElements(payload, descr: header.descr, count: count, name: name))
    }

    private static func descriptorAndPayload(_ elements: NpyArray.Elements) -> (String, Data) {
        switch elements {
        case .float32(let v): return ("<f4", littleEndianBytes(v.map(\.bitPattern)))
        case .float64(let v): return ("<f8", littleEndianBytes(v.map(\.bitPattern)))
        case .int64(let v): return ("<i8", littleEndianBytes(v))
        case .int32(let v): return ("<i4", littleEndianBytes(v))
        case .bool(let v): return ("|b1", Data(v.map { $0 ? 1 : 0 }))
        case .unicode(let v):
            let width = max(1, v.map { $0.unicodeScalars.count }.max() ?? 1)
            var data = Data(capacity: v.count * width * 4)
            for string in v {
                let scalars = Array(string.unicodeScalars)
                for i in 0..<width { data.appendLittleEndian(i < scalars.count ? scalars[i].value : 0) }
            }
            return ("<U\(width)", data)
        }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for v in values { data.appendLittleEndian(v) }
        return data
    }

    private static func decodeElements(_ payload: Data, descr: String, count: Int, name: String) throws -> NpyArray.Elements {
        func integers<T: FixedWidthInteger>(_: T.Type, _ n: Int = count) -> [T] {
            payload.withUnsafeBytes { raw in
                (0..<n).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
        }
        switch descr {
        case "<f4": return .float32(integers(UInt32.self).map(Float.init(bitPattern:)))
        case "<f8": return .float64(integers(UInt64.self).map(Double.init(bitPattern:)))
        case "<i8": return .int64(integers(Int64.self))
        case "<i4": return .int32(integers(Int32.self))
        case "|b1": return .bool(payload.map { $0 != 0 })
        default:
            // "<U{n}" (validated by NpyHeader.elementSize)
            guard let width = Int(descr.dropFirst(2)) else { throw InteropError("npy '\(name)': unsupported dtype '\(descr)'") }
            let units = integers(UInt32.self, count * width)
            return .unicode(try (0..<count).map { i in
                var string = String.UnicodeScalarView()
                for unit in units[(i * width)..<((i + 1) * width)] where unit != 0 {
                    guard let scalar = Unicode.Scalar(unit) else {
                        throw InteropError("npy '\(name)': invalid code point \(unit) in string element \(i)")
                    }
                    string.append(scalar)
                }
                return String(string)
            })
        }
    }
}

/// The Python dict literal at the start of an `.npy` file.
struct NpyHeader {
    let descr: String
    let fortranOrder: Bool
    let shape: [Int]

    init(parsing text: String, name: String) throws {
        var parser = LiteralParser(text: text, context: "npy '\(name)' header")
        let dict = try parser.parseDict()
        guard case .string(let descr)? = dict["descr"] else { throw parser.error("missing 'descr'") }
        guard case .bool(let fortran)? = dict["fortran_order"] else { throw parser.error("missing 'fortran_order'") }
        guard case .tuple(let shape)? = dict["shape"], shape.allSatisfy({ $0 >= 0 }) else { throw parser.error("missing or bad 'shape'") }
        self.descr = descr
        fortranOrder = fortran
        self.shape = shape
    }

    func elementSize(name: String) throws -> Int {
        switch descr {
        case "<f4", "<i4": return 4
        case "<f8", "<i8": return 8
        case "|b1": return 1
        default:
            // The width is header text: 4 × width must not overflow.
            if descr.hasPrefix("<U"), let width = Int(descr.dropFirst(2)), width > 0, width <= Int.max / 4 { return 4 * width }
            throw InteropError("npy '\(name)': unsupported dtype '\(descr)' (supported: <f4 <f8 <i8 <i4 |b1 <U…)")
        }
    }

    /// A strict parser for the tiny literal grammar numpy writes: {'key': value, ...} with
    /// string, True/False and integer-tuple values.
    private struct LiteralParser {
        enum Value { case string(String), bool(Bool), tuple([Int]) }
        let characters: [Character]
        var i = 0
        let context: String

        init(text: String, context: String) {
            characters = Array(text)
            self.context = context
        }

        func error(_ what: String) -> InteropError { InteropError("\(context): \(what) in \(String(characters).trimmingCharacters(in: .whitespacesAndNewlines))") }

        mutating func skipSpace() { while i < characters.count, characters[i].isWhitespace { i += 1 } }

        mutating func expect(_ c: Character) throws {
            skipSpace()
            guard i < characters.count, characters[i] == c else { throw error("expected '\(c)' at character \(i)") }
            i += 1
        }

        mutating func peek() -> Character? { skipSpace(); return i < characters.count ? characters[i] : nil }

        mutating func parseDict() throws -> [String: Value] {
            try expect("{")
            var dict: [String: Value] = [:]
            while peek() != "}" {
                let key = try parseString()
                try expect(":")
                dict[key] = try parseValue()
                if peek() == "," { i += 1 } else { break }
            }
            try expect("}")
            return dict
        }

        mutating func parseString() throws -> String {
            guard let quote = peek(), quote == "'" || quote == "\"" else { throw error("expected a string at character \(i)") }
            i += 1
            let start = i
            while i < characters.count, characters[i] != quote { i += 1 }
            guard i < characters.count else { throw error("unterminated string") }
            defer { i += 1 }
            return String(characters[start..<i])
        }

        mutating func parseValue() throws -> Value {
            switch peek() {
            case "'", "\"": return .string(try parseString())
            case "(":
                i += 1
                var values: [Int] = []
                while peek() != ")" {
                    let start = i
                    while i < characters.count, characters[i].isNumber { i += 1 }
                    // numpy on some platforms writes "3L" for longs in old files.
                    if i < characters.count, characters[i] == "L" { i += 1 }
                    guard let v = Int(String(characters[start..<i]).filter(\.isNumber)), i > start else { throw error("bad shape entry at character \(start)") }
                    values.append(v)
                    if peek() == "," { i += 1 } else { break }
                }
                try expect(")")
                return .tuple(values)
            default:
                for (word, value) in [("True", true), ("False", false)] where characters[i...].starts(with: word) {
                    i += word.count
                    return .bool(value)
                }
                throw error("unexpected value at character \(i)")
            }
        }
    }
}
