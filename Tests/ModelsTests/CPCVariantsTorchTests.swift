import Foundation
import XCTest
import TensorCore
import TestSupport
@testable import Models

/// The reference CPC model's variants (`--gru`, `--mlp`, `--bias`, `--no-bn-encoder`,
/// `--skip-encoder`, negatives from every sequence) against PyTorch models of the same structure
/// loading our weights: InfoNCE loss on our negatives, and every parameter's gradient, compared
/// with float64 torch (ours must be about as accurate as torch's own float32).
final class CPCVariantsTorchTests: XCTestCase {
    /// The reference's CPCModel and cpc_loss rebuilt from its description (docs/method.md §3.3).
    static let source = """
    import sys, json, torch, torch.nn as nn, torch.nn.functional as F
    from safetensors.torch import load_file
    torch.set_num_threads(1)
    class CPC(nn.Module):
        def __init__(self, c):
            super().__init__()
            leads, h = 12, c["hidden"]
            if not c["skip"]:
                blocks, ch = [], leads
                for _ in range(4):
                    conv = nn.Conv1d(ch, h, 1, bias=not c["bn"])
                    blocks.append(nn.Sequential(conv, nn.BatchNorm1d(h), nn.ReLU()) if c["bn"] else nn.Sequential(conv, nn.ReLU()))
                    ch = h
                self.encoder = nn.Sequential(*blocks)
            f = leads if c["skip"] else h
            self.skip = c["skip"]
            self.rnn = (nn.GRU if c["gru"] else nn.LSTM)(f, h, num_layers=2, batch_first=True)
            if c["classes"] > 0:
                self.head = nn.Sequential(nn.Linear(3 * h, c["classes"]))
            elif c["mlp"]:
                self.proj = nn.Sequential(nn.Linear(h, h), nn.ReLU(), nn.Linear(h, f, bias=c["bias"]))
            else:
                self.proj = nn.Linear(h, f, bias=c["bias"])
        def tokens(self, x):
            return x.transpose(1, 2) if self.skip else self.encoder(x).transpose(1, 2)
    def cpc_loss(m, x, steps, cand):
        z = m.tokens(x); p = m.proj(m.rnn(z)[0])
        b, t, f = z.shape
        zf = z.reshape(-1, f)
        loss = 0
        for i in range(t - steps):
            logits = (p[:, i].unsqueeze(1) * zf[cand[:, i]]).sum(-1)
            loss = loss + F.cross_entropy(logits, torch.zeros(b, dtype=torch.long))
        return loss
    def classifier_loss(m, x, y):
        c = m.rnn(m.tokens(x))[0]
        pooled = torch.cat([c.mean(dim=1), c.max(dim=1).values, c[:, -1]], dim=1)
        return F.binary_cross_entropy_with_logits(m.head(pooled), y)
    d, c = sys.argv[1], json.loads(sys.argv[2])
    m = CPC(c)
    m.load_state_dict(load_file(d + "/model.safetensors"), strict=True)
    data = load_file(d + "/data.safetensors")
    m.train()
    def run(dtype):
        mm = m.to(dtype); mm.zero_grad()
        x = data["x"].to(dtype)
        loss = classifier_loss(mm, x, data["y"].to(dtype)) if c["classes"] > 0 else cpc_loss(mm, x, c["steps"], data["cand"].long())
        loss.backward()
        return loss.item(), {n: p.grad.double().clone() for n, p in mm.named_parameters()}
    loss64, g64 = run(torch.float64)
    loss32, g32 = run(torch.float32)
    out = {"loss": loss64, "loss32": loss32, "count": sum(p.numel() for p in m.parameters())}
    for n in g64:
        out[n] = g64[n].reshape(-1).tolist()
        out[n + ":torch32"] = ((g32[n] - g64[n]).abs().max() / g64[n].abs().max().clamp_min(1e-30)).item()
    print(json.dumps(out))
    """

    struct Variant {
        var gru = false, mlp = false, bias = false, batchNorm = true, skip = false, sameSequence = true
        var json: [String: Any] {
            ["gru": gru, "mlp": mlp, "bias": bias, "bn": batchNorm, "skip": skip, "hidden": 8, "steps": 4, "classes": 0]
        }
    }

    let steps = 4, negatives = 5

    func model(_ v: Variant, seed: UInt64) -> CPCModel {
        var rng = SeededGenerator(seed: seed)
        let cpc = CPCModel(inputChannels: 12, hidden: 8, layers: 2, gru: v.gru, mlp: v.mlp, projectionBias: v.bias,
                           batchNormEncoder: v.batchNorm, skipEncoder: v.skip, rng: &rng)
        // Non-trivial BN affine parameters and projection biases, so every parameter's gradient is exercised.
        for entry in cpc.namedVariables where entry.variable.requiresGrad && entry.name.hasSuffix(".bias") {
            entry.variable.value = GradCheck.randomTensor(entry.variable.shape, seed: seed + 1, scale: 0.2)
        }
        return cpc
    }

    /// Runs the torch script on our state and data; returns its JSON.
    func torch(_ state: [NamedVariable], data: [String: Tensor], config: [String: Any]) throws -> [String: Any] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cpc-torch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelCheckpoint.save(state, to: dir.appendingPathComponent("model.safetensors"))
        try Safetensors.write(SafetensorsArchive(floatTensors: data), to: dir.appendingPathComponent("data.safetensors"))
        let args = [dir.path, String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)]
        let out = try PythonOracle.run(Self.source, arguments: args)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    }

    /// Loss and every parameter's gradient against torch's float64 values.
    func assertMatches(_ state: [NamedVariable], loss: Variable, json: [String: Any], _ what: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        let truth = json["loss"] as! Double
        XCTAssertEqual(Double(loss.value.scalar), truth, accuracy: 1e-5 * max(1, abs(truth)), "\(what): loss", file: file, line: line)
        let parameters = state.filter { $0.kind == .parameter }
        XCTAssertEqual(json["count"] as? Int, parameters.reduce(0) { $0 + $1.variable.value.count }, "\(what): parameter count",
                       file: file, line: line)
        var worst = 0.0
        for p in parameters {
            guard let t = json[p.name] as? [Double] else { XCTFail("\(what): torch has no \(p.name)", file: file, line: line); continue }
            let ours = p.variable.grad?.scalars ?? [Float](repeating: 0, count: t.count)
            let scale = max(t.map(abs).max()!, 1e-12)
            let error = zip(ours, t).map { abs(Double($0) - $1) }.max()! / scale
            let torchError = json[p.name + ":torch32"] as! Double
            worst = max(worst, error)
            XCTAssertLessThanOrEqual(error, max(4 * torchError, 1e-4), "\(what): \(p.name) gradient (torch float32 \(torchError))",
                                     file: file, line: line)
        }
        print("CPC \(what) vs torch: loss \(loss.value.scalar) / \(truth), worst relative gradient error \(worst)")
    }

    func checkPretraining(_ v: Variant, _ what: String, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws {
        try XCTSkipUnless(ModelsOracle.torchAvailable, "torch is not importable by the oracle interpreter")
        let cpc = model(v, seed: seed)
        let objective = CPC(model: cpc, steps: steps, negatives: negatives, negativesFromSameSequenceOnly: v.sameSequence)
        let (b, t) = (3, 30)
        let x = GradCheck.randomTensor([b, 12, t], seed: seed + 2)
        var ctx = ForwardContext(training: true, rng: SeededGenerator(seed: seed + 3))
        var replay = ctx.rng
        let loss = objective.lossAndAccuracy(x, &ctx).loss
        loss.backward()
        // The same draws the objective made, as token rows of the flattened batch, positive first.
        let positions = t - steps
        let drawn = v.sameSequence
            ? CPCInfoNCE.sampleNegatives(batch: b, length: t, steps: steps, count: negatives, rng: &replay)
            : CPCInfoNCE.sampleNegativesAcrossSequences(batch: b, length: t, steps: steps, count: negatives, rng: &replay)
        var cand = [Float]()
        for row in 0..<(b * positions) {
            let (bi, i) = (row / positions, row % positions)
            cand.append(Float(bi * t + i + steps))
            for k in 0..<negatives {
                let n = drawn[row * negatives + k]
                cand.append(Float(v.sameSequence ? bi * t + n : n))
            }
        }
        let json = try torch(cpc.namedVariables, data: ["x": x, "cand": Tensor(shape: [b, positions, negatives + 1], scalars: cand)],
                             config: v.json)
        assertMatches(cpc.namedVariables, loss: loss, json: json, what, file: file, line: line)
    }

    func testReferenceConfiguration() throws { try checkPretraining(Variant(), "reference (LSTM, BN, linear proj)", seed: 10) }
    func testGRU() throws { try checkPretraining(Variant(gru: true), "gru", seed: 20) }
    func testMLPProjectionWithBias() throws { try checkPretraining(Variant(mlp: true, bias: true), "mlp + bias", seed: 30) }
    func testMLPProjectionWithoutBias() throws { try checkPretraining(Variant(mlp: true), "mlp", seed: 35) }
    func testBiasedProjection() throws { try checkPretraining(Variant(bias: true), "bias", seed: 40) }
    func testEncoderWithoutBatchNorm() throws { try checkPretraining(Variant(batchNorm: false), "no bn encoder", seed: 50) }
    func testNegativesFromEverySequence() throws {
        try checkPretraining(Variant(sameSequence: false), "negatives from all sequences", seed: 60)
    }
    func testGRUWithoutBatchNormAndNegativesFromEverySequence() throws {
        try checkPretraining(Variant(gru: true, batchNorm: false, sameSequence: false), "gru + no bn + all negatives", seed: 65)
    }

    func checkClassifier(_ v: Variant, _ what: String, seed: UInt64) throws {
        try XCTSkipUnless(ModelsOracle.torchAvailable, "torch is not importable by the oracle interpreter")
        var rng = SeededGenerator(seed: seed + 9)
        let classifier = CPCClassifier(cpc: model(v, seed: seed), head: .linear, classes: 3, rng: &rng)
        let x = GradCheck.randomTensor([4, 12, 20], seed: seed + 2)
        let y = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0 % 4 == 1 ? 1 : 0) })
        var ctx = ForwardContext(training: true)
        let loss = classifier.loss(Variable(x), targets: y, &ctx)
        loss.backward()
        var config = v.json
        config["classes"] = 3
        let json = try torch(classifier.namedVariables, data: ["x": x, "y": y], config: config)
        assertMatches(classifier.namedVariables, loss: loss, json: json, what)
    }

    func testSkipEncoderClassifier() throws {
        let v = Variant(skip: true)
        var rng = SeededGenerator(seed: 1)
        let cpc = CPCModel(hidden: 8, skipEncoder: true, rng: &rng)
        XCTAssertTrue(cpc.encoder.namedVariables.isEmpty)
        XCTAssertEqual(cpc.rnn.namedVariables.first?.variable.shape, [32, 12], "the LSTM reads the 12 leads")
        try checkClassifier(v, "skip-encoder classifier", seed: 70)
    }

    func testGRUClassifierWithoutEncoderBatchNorm() throws {
        try checkClassifier(Variant(gru: true, batchNorm: false), "gru + no bn classifier", seed: 80)
    }
}
