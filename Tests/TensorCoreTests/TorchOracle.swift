import Foundation
import XCTest
import TensorCore
import TestSupport

/// Runs a PyTorch snippet on named input tensors and returns the named outputs it sets.
///
/// The snippet sees `T(name)` (an input as a float32 torch tensor) and fills the dict `out`
/// with tensors; they come back flattened. Skips the test when torch is not installed.
enum TorchOracle {
    static func run(_ snippet: String, inputs: [String: Tensor]) throws -> [String: [Float]] {
        let payload = inputs.mapValues { ["shape": $0.shape.map(Double.init), "data": $0.scalars.map(Double.init)] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        let script = """
        import json, sys
        try:
            import torch
        except ImportError:
            print("NO_TORCH"); sys.exit(0)
        torch.set_num_threads(1)
        _inp = json.loads(sys.argv[1])
        def T(name, grad=False):
            t = torch.tensor(_inp[name]["data"], dtype=torch.float32).reshape([int(s) for s in _inp[name]["shape"]])
            return t.requires_grad_(grad)
        out = {}
        \(snippet)
        print(json.dumps({k: v.detach().reshape(-1).tolist() for k, v in out.items()}))
        """
        let text = try PythonOracle.run(script, arguments: [json])
        if text.hasPrefix("NO_TORCH") { throw XCTSkip("torch is not installed in the oracle venv") }
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: [Double]]
        return obj.mapValues { $0.map(Float.init) }
    }
}

/// Asserts two float arrays agree elementwise within `accuracy`.
func assertClose(_ a: [Float], _ b: [Float], accuracy: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(what): count", file: file, line: line)
    var worst: Float = 0, at = 0
    for i in 0..<min(a.count, b.count) where abs(a[i] - b[i]) > worst { worst = abs(a[i] - b[i]); at = i }
    XCTAssertLessThanOrEqual(worst, accuracy, "\(what): max |diff| \(worst) at \(at)", file: file, line: line)
}
