import Archives
import Foundation
import TensorCore

/// A PyTorch checkpoint (`torch.save` zip format: `<folder>/data.pkl` + `<folder>/data/<key>`),
/// decoded without executing anything: plain values and float32 tensors.
public struct TorchCheckpoint {
    /// The file it was read from.
    public let path: String
    /// The whole pickled object (e.g. a state dict, or a Lightning dict with `state_dict`, `epoch`, ...).
    public let root: PickleValue

    /// Reads the checkpoint at `url`.
    public init(url: URL) throws {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(url: url)
        } catch {
            // A bare pickle (starting with PROTO) is the pre-1.6 format, not a damaged zip.
            if let head = try? Data(contentsOf: url, options: .alwaysMapped).prefix(2), head == Data([0x80, 0x02]) {
                throw InteropError("checkpoint '\(url.path)': legacy (pre-1.6) torch.save format is not supported; re-save it with torch.save in PyTorch ≥ 1.6")
            }
            throw error
        }
        let pickles = archive.entries.filter { $0.name.hasSuffix("/data.pkl") && $0.name.split(separator: "/").count == 2 }
        guard pickles.count == 1, let pickle = pickles.first else {
            throw InteropError("checkpoint '\(url.path)': expected exactly one '<folder>/data.pkl' in the archive, found \(pickles.count)")
        }
        let folder = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: folder + "byteorder") {
            let value = String(decoding: try archive.data(for: order), as: UTF8.self)
            guard value == "little" else {
                throw InteropError("checkpoint '\(url.path)': byte order '\(value)' is not supported (little-endian only)")
            }
        }
        path = url.path
        root = try TorchPickle.decode(try archive.data(for: pickle), name: "\(url.path):\(pickle.name)") { key in
            let entry = folder + "data/" + key
            return (try archive.data(named: entry), "checkpoint '\(url.path)' entry '\(entry)'")
        }
    }

    /// The tensors by dotted name: the `state_dict` entry of a Lightning-style checkpoint, or the
    /// root itself; nested dicts of tensors contribute `outer.inner` names; other values are skipped.
    public func stateDict() throws -> [String: TorchTensor] {
        let source = root["state_dict"] ?? root
        guard case .dict = source else {
            throw InteropError("checkpoint '\(path)': no state dict (the root is not a dict and has no 'state_dict' entry)")
        }
        var tensors: [String: TorchTensor] = [:]
        func collect(_ value: PickleValue, prefix: String) throws {
            switch value {
            case .tensor(let t):
                guard tensors.updateValue(t, forKey: prefix) == nil else {
                    throw InteropError("checkpoint '\(path)': tensor name '\(prefix)' appears twice")
                }
            case .dict(let items):
                for item in items {
                    let key: String
                    switch item.key {
                    case .string(let s): key = s
                    case .int(let i): key = String(i)
                    default: continue
                    }
                    try collect(item.value, prefix: prefix.isEmpty ? key : prefix + "." + key)
                }
            default:
                break
            }
        }
        try collect(source, prefix: "")
        guard !tensors.isEmpty else { throw InteropError("checkpoint '\(path)': the state dict holds no tensors") }
        return tensors
    }
}
