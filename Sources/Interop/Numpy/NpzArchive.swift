import Archives
import Foundation

/// numpy's `.npz`: a zip of `.npy` files, one per named array.
public enum NpzArchive {
    /// Writes `arrays` (name → array, written in name order) deflated, as `numpy.savez_compressed` does.
    public static func write(_ arrays: [String: NpyArray], to url: URL) throws {
        var zip = ZipWriter()
        for name in arrays.keys.sorted() {
            try zip.add(name: name + ".npy", data: NpyFormat.encode(arrays[name]!), method: .deflated)
        }
        try zip.write(to: url)
    }

    /// Reads every `.npy` member of the `.npz` at `url`, keyed by name without the extension.
    public static func read(_ url: URL) throws -> [String: NpyArray] {
        let zip = try ZipArchive(url: url)
        var arrays: [String: NpyArray] = [:]
        for entry in zip.entries where entry.name.hasSuffix(".npy") {
            let name = String(entry.name.dropLast(4))
            arrays[name] = try NpyFormat.decode(try zip.data(for: entry), name: "\(url.path)/\(entry.name)")
        }
        return arrays
    }
}
