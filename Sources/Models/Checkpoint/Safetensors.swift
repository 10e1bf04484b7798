import FileSupport
import Foundation
import TensorCore

/// One tensor of a safetensors file: float32 values, or int64 ones (PyTorch's `num_batches_tracked`).
public enum SafetensorsTensor: Equatable, Sendable {
    /// A float32 tensor (dtype `F32`).
    case float32(Tensor)
    /// An int64 tensor (dtype `I64`), row-major.
    case int64(shape: [Int], values: [Int64])

    /// Extent of each dimension.
    public var shape: [Int] {
        switch self {
        case .float32(let t): return t.shape
        case .int64(let shape, _): return shape
        }
    }

    /// The float32 view; int64 values are converted (exact below 2^24).
    public var floatTensor: Tensor {
        switch self {
        case .float32(let t): return t
        case .int64(let shape, let values): return Tensor(shape: shape, scalars: values.map { Float($0) })
        }
    }

    fileprivate var dtypeName: String {
        switch self {
        case .float32: return "F32"
        case .int64: return "I64"
        }
    }
}

/// Contents of a safetensors file: named tensors plus the free-form string metadata map.
public struct SafetensorsArchive: Equatable, Sendable {
    /// Tensors by name.
    public var tensors: [String: SafetensorsTensor]
    /// The header's `__metadata__` (string → string).
    public var metadata: [String: String]

    /// An archive from its parts.
    public init(tensors: [String: SafetensorsTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// An archive of float32 tensors.
    public init(floatTensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.init(tensors: floatTensors.mapValues { .float32($0) }, metadata: metadata)
    }
}

/// Failure to read or write a safetensors file, naming the file and what was wrong.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// The file concerned.
    public let path: String
    /// What was wrong.
    public let reason: String
    /// Human-readable message.
    public var description: String { "\(path): \(reason)" }
}

/// The safetensors format (8-byte little-endian header length, JSON header, raw little-endian
/// data), as written by Python's `safetensors` so PyTorch users can read our checkpoints.
public enum Safetensors {
    /// Serialises `archive`: tensors in name order, header padded with spaces to 8 bytes.
    public static func encode(_ archive: SafetensorsArchive) -> [UInt8] {
        let names = archive.tensors.keys.sorted()
        var header: [String: Any] = [:]
        var offset = 0
        for name in names {
            let t = archive.tensors[name]!
            let bytes = t.shape.reduce(1, *) * (t.dtypeName == "F32" ? 4 : 8)
            header[name] = ["dtype": t.dtypeName, "shape": t.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        if !archive.metadata.isEmpty { header["__metadata__"] = archive.metadata }
        // JSONSerialization cannot fail on this dictionary of strings, ints and arrays.
        var json = [UInt8](try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }

        var out = [UInt8]()
        out.reserveCapacity(8 + json.count + offset)
        appendLittleEndian(UInt64(json.count), to: &out)
        out.append(contentsOf: json)
        for name in names {
            switch archive.tensors[name]! {
            case .float32(let t): for v in t.scalars { appendLittleEndian(v.bitPattern, to: &out) }
            case .int64(_, let values): for v in values { appendLittleEndian(UInt64(bitPattern: v), to: &out) }
            }
        }
        return out
    }

    /// Writes `archive` to `url` through a temporary file renamed into place, so a crash never
    /// leaves a truncated checkpoint under the final name.
    public static func write(_ archive: SafetensorsArchive, to url: URL) throws {
        try AtomicFile.write(Data(encode(archive)), to: url)
    }

    /// Reads and validates the file at `url`.
    public static func read(_ url: URL) throws -> SafetensorsArchive {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw SafetensorsError(path: url.path, reason: "cannot read file (\(error.localizedDescription))")
        }
        return try decode([UInt8](data), path: url.path)
    }

    /// Parses a serialised archive; `path` only names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws -> SafetensorsArchive {
        func fail(_ reason: String) -> SafetensorsError { SafetensorsError(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw fail("file of \(bytes.count) bytes is too short for a safetensors header") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header length \(headerLength) exceeds the file's \(bytes.count - 8) remaining bytes")
        }
        let dataStart = 8 + Int(headerLength)
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])) } catch {
            throw fail("header is not valid JSON")
        }
        guard let header = parsed as? [String: Any] else { throw fail("header is not a JSON object") }

        let dataLength = bytes.count - dataStart
        var archive = SafetensorsArchive()
        var spans: [(Int, Int, String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let meta = value as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
                archive.metadata = meta
                continue
            }
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = exactIntegers(entry["shape"]),
                  let offsets = exactIntegers(entry["data_offsets"]), offsets.count == 2
            else { throw fail("tensor '\(name)': entry needs dtype, shape and two data_offsets") }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor '\(name)': negative extent in shape \(shape)") }
            // Extents come from the file: their product (and its byte size) must not overflow.
            var count = 1
            for extent in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw fail("tensor '\(name)': shape \(shape) has more elements than any file holds") }
                count = product
            }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "I64": width = 8
            default: throw fail("tensor '\(name)': unsupported dtype \(dtype) (F32 and I64 are read)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin, end <= dataLength else {
                throw fail("tensor '\(name)': data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section")
            }
            let (needed, overflow) = count.multipliedReportingOverflow(by: width)
            guard !overflow, end - begin == needed else {
                throw fail("tensor '\(name)': shape \(shape) of \(dtype) needs \(overflow ? "more" : String(needed)) bytes, data_offsets span \(end - begin)")
            }
            spans.append((begin, end, name))
            let base = dataStart + begin
            if width == 4 {
                var scalars = [Float](repeating: 0, count: count)
                for i in 0..<count { scalars[i] = Float(bitPattern: readLittleEndian(bytes, at: base + 4 * i, as: UInt32.self)) }
                archive.tensors[name] = .float32(Tensor(shape: shape, scalars: scalars))
            } else {
                let values = (0..<count).map { Int64(bitPattern: readLittleEndian(bytes, at: base + 8 * $0, as: UInt64.self)) }
                archive.tensors[name] = .int64(shape: shape, values: values)
            }
        }
        spans.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (a, b) in zip(spans, spans.dropFirst()) where b.0 < a.1 {
            throw fail("tensors '\(a.2)' and '\(b.2)' overlap in the data section")
        }
        return archive
    }

    /// A JSON array of integers; nil when any element is not integral or too large to be a
    /// real extent or offset (so converting it cannot trap, and 2.5 is not read as 2).
    private static func exactIntegers(_ value: Any?) -> [Int]? {
        guard let items = value as? [Any] else { return nil }
        var out: [Int] = []
        for item in items {
            guard let number = item as? NSNumber else { return nil }
            let d = number.doubleValue
            guard d.rounded() == d, abs(d) < 9e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
    }

    private static func readLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as: T.Type) -> T {
        var v = T.zero
        for k in 0..<MemoryLayout<T>.size { v |= T(bytes[offset + k]) << (8 * k) }
        return v
    }
}
