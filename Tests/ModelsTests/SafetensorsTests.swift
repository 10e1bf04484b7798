import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

final class SafetensorsTests: XCTestCase {
    private func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("models-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private var sample: SafetensorsArchive {
        SafetensorsArchive(tensors: [
            "features.0.0.weight": .float32(Tensor(shape: [2, 3, 1], scalars: [1.5, -2, 0.25, 3e-8, -0, 7])),
            "features.0.1.num_batches_tracked": .int64(shape: [], values: [42]),
            "empty": .float32(Tensor(shape: [0, 4], scalars: [])),
            "proj.weight": .float32(Tensor(shape: [3], scalars: [.greatestFiniteMagnitude, -1e-30, 1])),
        ], metadata: ["format": "pt", "epoch": "3"])
    }

    func testRoundTripKeepsEveryBitAndHeaderIsAligned() throws {
        let bytes = Safetensors.encode(sample)
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(try Safetensors.decode(bytes), sample)
    }

    func testWriteRenamesIntoPlaceAndLeavesNoTemporaryFile() throws {
        let dir = try tempDir()
        let url = dir.appendingPathComponent("model.safetensors")
        try Safetensors.write(sample, to: url)
        try Safetensors.write(sample, to: url)  // overwrite in place
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["model.safetensors"])
        XCTAssertEqual(try Safetensors.read(url), sample)
    }

    func testPythonSafetensorsReadsOurFileWithEqualValues() throws {
        let url = try tempDir().appendingPathComponent("m.safetensors")
        try Safetensors.write(sample, to: url)
        let script = """
        import sys, json
        from safetensors.numpy import load_file
        from safetensors import safe_open
        d = load_file(sys.argv[1])
        with safe_open(sys.argv[1], framework="np") as f: meta = f.metadata()
        out = {k: {"dtype": str(v.dtype), "shape": list(v.shape), "values": [float(x) for x in v.reshape(-1)]} for k, v in d.items()}
        print(json.dumps({"tensors": out, "meta": meta}))
        """
        let out = try PythonOracle.run(script, arguments: [url.path])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let tensors = json["tensors"] as! [String: [String: Any]]
        XCTAssertEqual(Set(tensors.keys), Set(sample.tensors.keys))
        XCTAssertEqual(json["meta"] as? [String: String], sample.metadata)
        for (name, t) in sample.tensors {
            let py = tensors[name]!
            XCTAssertEqual(py["dtype"] as? String, { if case .int64 = t { return "int64" }; return "float32" }())
            XCTAssertEqual(py["shape"] as? [Int], t.shape, name)
            let values = (py["values"] as! [NSNumber]).map { Float($0.doubleValue) }
            XCTAssertEqual(values, t.floatTensor.scalars, name)
        }
    }

    func testWeReadPythonWrittenFile() throws {
        let url = try tempDir().appendingPathComponent("py.safetensors")
        let script = """
        import sys, numpy as np
        from safetensors.numpy import save_file
        save_file({"a.weight": np.arange(6, dtype=np.float32).reshape(2, 3) / 7, "n": np.array(5, dtype=np.int64)},
                  sys.argv[1], metadata={"k": "v"})
        """
        _ = try PythonOracle.run(script, arguments: [url.path])
        let archive = try Safetensors.read(url)
        XCTAssertEqual(archive.metadata, ["k": "v"])
        XCTAssertEqual(archive.tensors["a.weight"], .float32(Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) / 7 })))
        XCTAssertEqual(archive.tensors["n"], .int64(shape: [], values: [5]))
    }

    func testCorruptFilesFailWithReasons() {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try Safetensors.decode(bytes, path: "x.safetensors"); return "no error" } catch { return "\(error)" }
        }
        func file(_ header: String, dataBytes: Int) -> [UInt8] {
            let h = [UInt8](header.utf8)
            return (0..<8).map { UInt8((h.count >> (8 * $0)) & 0xff) } + h + [UInt8](repeating: 0, count: dataBytes)
        }
        XCTAssertTrue(message([1, 2, 3]).contains("too short"))
        XCTAssertTrue(message([255, 0, 0, 0, 0, 0, 0, 0, 1]).contains("exceeds"))
        XCTAssertTrue(message(file("[1]", dataBytes: 0)).contains("not a JSON object"))
        XCTAssertTrue(message(file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4))
            .contains("tensor 'w': shape [2] of F32 needs 8 bytes, data_offsets span 4"))
        XCTAssertTrue(message(file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 4))
            .contains("outside"))
        XCTAssertTrue(message(file(#"{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4))
            .contains("unsupported dtype BF16"))
        XCTAssertTrue(message(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8))
            .contains("overlap"))
        XCTAssertTrue(message(file(#"{"__metadata__":{"a":1}}"#, dataBytes: 0)).contains("__metadata__"))
        XCTAssertTrue(message(file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8)).contains("no error"))
    }
}
