import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// Our xresnet1d50 against a PyTorch model of the reference's structure loading our safetensors file.
final class XResNet1dTorchTests: XCTestCase {
    func testForwardEqualsPyTorchOnTheSameWeights() throws {
        try XCTSkipUnless(ModelsOracle.torchAvailable, "torch is not importable by the oracle interpreter")
        var rng = SeededGenerator(seed: 7)
        let encoder = XResNet1d(depth: .d50, rng: &rng)
        // Random BN affine parameters and running statistics, so no block is the identity.
        for entry in encoder.namedVariables where entry.name.contains(".1.") || entry.name.hasPrefix("features.0.1") {
            let v = entry.variable
            switch entry.name.split(separator: ".").last! {
            case "weight" where v.value.rank == 1: v.value = GradCheck.randomTensor(v.shape, seed: 11, scale: 0.3) + 1
            case "bias": v.value = GradCheck.randomTensor(v.shape, seed: 12, scale: 0.1)
            case "running_mean": v.value = GradCheck.randomTensor(v.shape, seed: 13, scale: 0.1)
            case "running_var": v.value = TensorMath.map(GradCheck.randomTensor(v.shape, seed: 14)) { 0.5 + abs($0) }
            default: break
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("models-torch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = dir.appendingPathComponent("encoder.safetensors")
        try ModelCheckpoint.save(encoder.namedVariables, to: weights)
        let x = GradCheck.randomTensor([3, 12, 250], seed: 21)
        try Safetensors.write(SafetensorsArchive(floatTensors: ["x": x]), to: dir.appendingPathComponent("x.safetensors"))

        var ctx = ForwardContext(training: false)
        let ours = withoutGrad { encoder(Variable(x), &ctx) }.value
        var trainCtx = ForwardContext(training: true)
        let oursTrain = withoutGrad { encoder(Variable(x), &trainCtx) }.value

        let script = ModelsOracle.xresnetSource + """

        import sys, json
        from safetensors.torch import load_file
        torch.set_num_threads(1)
        m = XResNet1d(50, 12)
        m.load_state_dict(load_file(sys.argv[1] + "/encoder.safetensors"), strict=True)
        x = load_file(sys.argv[1] + "/x.safetensors")["x"]
        with torch.no_grad():
            m.eval(); e = m(x)
            m.train(); t = m(x)
        print(json.dumps({"eval": e.reshape(-1).tolist(), "train": t.reshape(-1).tolist()}))
        """
        let out = try PythonOracle.run(script, arguments: [dir.path])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: [Double]]
        for (name, mine, theirs) in [("eval", ours, json["eval"]!), ("train", oursTrain, json["train"]!)] {
            XCTAssertEqual(mine.shape, [3, 512])
            let worst = zip(mine.scalars, theirs).map { abs(Double($0) - $1) }.max()!
            let scale = theirs.map(abs).max()!
            print("xresnet1d50 vs torch, \(name) mode: max abs diff \(worst), max abs value \(scale)")
            XCTAssertLessThanOrEqual(worst, 1e-4 * max(1, scale), "\(name) mode: max |ours − torch| = \(worst)")
        }
    }
}
