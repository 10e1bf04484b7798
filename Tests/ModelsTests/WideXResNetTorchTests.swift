import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// A widened xresnet1d50 with eval.py's `--hidden` head against a PyTorch model of the same
/// structure loading our weights: parameter count, forward and training-mode gradients.
final class WideXResNetTorchTests: XCTestCase {
    func testWidenedEncoderWithHiddenHeadEqualsPyTorch() throws {
        try XCTSkipUnless(ModelsOracle.torchAvailable, "torch is not importable by the oracle interpreter")
        var rng = SeededGenerator(seed: 9)
        let model = XResNetClassifier(encoder: XResNet1d(depth: .d50, widen: 2, rng: &rng), classes: 5, hidden: [1024], rng: &rng)
        // Non-zero last BNs so every residual branch carries gradient.
        for entry in model.namedVariables where entry.name.hasSuffix("convs.2.1.weight") {
            entry.variable.value = Tensor(repeating: 0.5, shape: entry.variable.shape)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("models-torch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelCheckpoint.save(model.namedVariables, to: dir.appendingPathComponent("model.safetensors"))
        let x = GradCheck.randomTensor([3, 12, 250], seed: 23)
        let y = Tensor(shape: [3, 5], scalars: (0..<15).map { Float($0 % 3 == 0 ? 1 : 0) })
        try Safetensors.write(SafetensorsArchive(floatTensors: ["x": x, "y": y]), to: dir.appendingPathComponent("xy.safetensors"))

        var evalCtx = ForwardContext(training: false)
        let evalLogits = withoutGrad { model(Variable(x), &evalCtx) }.value
        var ctx = ForwardContext(training: true)
        let loss = model.loss(Variable(x), targets: y, &ctx)
        loss.backward()
        let checked = ["encoder.features.0.0.weight", "encoder.features.4.0.idpath.0.0.weight",
                       "encoder.features.6.3.convs.1.0.weight", "head.0.weight", "head.2.bias"]

        let script = ModelsOracle.xresnetSource + """

        import sys, json
        from safetensors.torch import load_file
        torch.set_num_threads(1)
        m = torch.nn.Module()
        m.encoder = XResNet1d(50, 12, widen=2)
        m.head = nn.Sequential(nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 5))
        m.load_state_dict(load_file(sys.argv[1] + "/model.safetensors"), strict=True)
        d = load_file(sys.argv[1] + "/xy.safetensors")
        out = {"count": sum(p.numel() for p in m.parameters())}
        with torch.no_grad():
            m.eval(); out["eval"] = m.head(m.encoder(d["x"])).reshape(-1).tolist()
        m.train()
        def grads(dtype):
            mm = m.to(dtype); mm.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(mm.head(mm.encoder(d["x"].to(dtype))), d["y"].to(dtype))
            loss.backward()
            return loss.item(), {n: p.grad.double().clone() for n, p in mm.named_parameters()}
        loss64, g64 = grads(torch.float64)
        _, g32 = grads(torch.float32)
        out["loss"] = loss64
        for n in sys.argv[2:]:
            out[n] = g64[n].reshape(-1).tolist()
            out[n + ":torch32"] = ((g32[n] - g64[n]).abs().max() / g64[n].abs().max()).item()
        print(json.dumps(out))
        """
        let out = try PythonOracle.run(script, arguments: [dir.path] + checked)
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        XCTAssertEqual(json["count"] as? Int, model.namedVariables.filter { $0.kind == .parameter }.reduce(0) { $0 + $1.variable.value.count })
        XCTAssertEqual(json["count"] as? Int, 3_426_464 + 1024 * 1024 + 1024 + 1024 * 5 + 5)
        let theirs = json["eval"] as! [Double]
        let worst = zip(evalLogits.scalars, theirs).map { abs(Double($0) - $1) }.max()!
        print("widen-2 xresnet1d50 + hidden head vs torch, eval logits: max abs diff \(worst)")
        XCTAssertLessThanOrEqual(worst, 1e-4 * max(1, theirs.map(abs).max()!))
        XCTAssertEqual(Double(loss.value.scalar), json["loss"] as! Double, accuracy: 1e-5)
        let state = Dictionary(uniqueKeysWithValues: model.namedVariables.map { ($0.name, $0.variable) })
        for name in checked {
            let truth = json[name] as! [Double], ours = state[name]!.grad!.scalars
            let error = zip(ours, truth).map { abs(Double($0) - $1) }.max()! / truth.map(abs).max()!
            let torchError = json[name + ":torch32"] as! Double
            print("gradient \(name): relative error ours \(error), torch float32 \(torchError) (vs float64)")
            XCTAssertLessThanOrEqual(error, max(2 * torchError, 1e-4), "\(name): our float32 gradient is less accurate than torch's")
        }
    }
}
