import Foundation

/// Decodes a checkpoint's pickle (`data.pkl`) given its storages' bytes by key, without the zip
/// around it; `TorchCheckpoint` and the pickle fuzz target share this path.
public enum TorchPickle {
    /// Runs the pickle in `data`; `name` labels errors; a storage key missing from `storages` is an error.
    public static func decode(_ data: Data, name: String, storages: [String: Data]) throws -> PickleValue {
        try decode(data, name: name) { key in
            guard let bytes = storages[key] else { throw InteropError("pickle '\(name)': no storage '\(key)'") }
            return (bytes, "pickle '\(name)' storage '\(key)'")
        }
    }

    /// Runs the pickle in `data`, reading each storage once with `bytes(key)`: its bytes and
    /// how errors should name it.
    static func decode(_ data: Data, name: String,
                       bytes: @escaping (String) throws -> (data: Data, context: String)) throws -> PickleValue {
        var cache: [String: [Float]] = [:]
        let machine = PickleMachine(name: name) { storage in
            if let hit = cache[storage.key] { return hit }
            let (data, context) = try bytes(storage.key)
            let values = try storageValues(data, of: storage, context: context)
            cache[storage.key] = values
            return values
        }
        return try machine.run(data)
    }

    /// A storage's elements as float32, after checking the byte count its persistent id implies
    /// (the element count comes from the file, so the multiplication is overflow-checked).
    static func storageValues(_ bytes: Data, of storage: StorageReference, context: String) throws -> [Float] {
        let (expected, overflow) = storage.count.multipliedReportingOverflow(by: storage.dtype.size)
        guard !overflow, bytes.count == expected else {
            throw InteropError("\(context): \(bytes.count) bytes, expected \(storage.count) \(storage.dtype.rawValue) elements"
                               + (overflow ? " (more than any file holds)" : " (\(expected) bytes)"))
        }
        return storage.dtype.decode(bytes, count: storage.count)
    }
}
