import Foundation
import Models
import TensorCore
import TestSupport
import XCTest
@testable import Interop

/// End to end: PyTorch models with the reference's structure and names are saved as the
/// reference saves them, imported, and give PyTorch's features on the same input.
final class ReferenceImportTests: XCTestCase {
    /// One torch process writes every checkpoint and the expected outputs (`expected.npz`).
    private static let fixture: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("interop-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do { _ = try PythonOracle.run(referenceTorchModels + """
            import os, sys, collections, numpy as np
            out = sys.argv[1]
            m = randomize(XResNet1d50())
            x = torch.randn(2, 12, 250)
            sd = m.state_dict()
            # SimCLR as the Lightning module saves it: the ResNetSimCLR under 'encoder.'.
            torch.save({'epoch': 1999, 'global_step': 12345, 'pytorch-lightning_version': '1.1.8',
                        'state_dict': collections.OrderedDict(('encoder.' + k, v) for k, v in sd.items()),
                        'hyper_parameters': {'batch_size': 4096, 'trafos': ['RRC', 'TO'], 'lr': 0.00229, 'warm_up': 1, 'log_dir': None}},
                       os.path.join(out, 'simclr.ckpt'))
            with torch.no_grad(): f32 = m(x)
            # A plain state dict whose convpath alias disagrees with its convs twin.
            bad = collections.OrderedDict((k, v.clone()) for k, v in sd.items())
            bad['features.4.0.convpath.0.1.0.weight'] += 1
            torch.save(bad, os.path.join(out, 'bad.pt'))
            # BYOL in half precision: online and target copies; the target must be ignored.
            half = collections.OrderedDict()
            for k, v in sd.items():
                v16 = v.half() if v.is_floating_point() else v
                half['online_network.encoder.' + k] = v16
                half['target_network.encoder.' + k] = v16 * 2 if v.is_floating_point() else v16
            torch.save({'state_dict': half, 'epoch': 3}, os.path.join(out, 'byol.ckpt'))
            with torch.no_grad():
                for p in list(m.parameters()) + [b for b in m.buffers() if b.is_floating_point()]: p.copy_(p.half().float())
                f16 = m(x)
            cpc = randomize(CPCModel())
            xc = torch.randn(2, 12, 30)
            torch.save({'state_dict': cpc.state_dict(), 'epoch': 0}, os.path.join(out, 'cpc.ckpt'))
            with torch.no_grad(): c = cpc(xc)
            # A checkpoint whose pickle would run a shell command when unpickled by Python.
            import pickle, zipfile
            class Evil:
                def __reduce__(self): return (os.system, ('touch ' + os.path.join(out, 'pwned'),))
            with zipfile.ZipFile(os.path.join(out, 'evil.ckpt'), 'w') as z:
                z.writestr('evil/data.pkl', pickle.dumps({'state_dict': {'features.0.0.weight': Evil()}}, protocol=2))
            # Sizes other than the reference's: a half-width xresnet1d50 (BYOL) and the demo's CPC width.
            narrow = randomize(XResNet1d50(w=32))
            torch.save({'state_dict': collections.OrderedDict(('online_network.encoder.' + k, v) for k, v in narrow.state_dict().items())},
                       os.path.join(out, 'byol-narrow.ckpt'))
            with torch.no_grad(): fn = narrow(x)
            cpc128 = randomize(CPCModel(h=128))
            torch.save(cpc128.state_dict(), os.path.join(out, 'cpc128.pt'))
            with torch.no_grad(): c128 = cpc128(xc)
            np.savez(os.path.join(out, 'expected.npz'), x=x.numpy(), f32=f32.numpy(), f16=f16.numpy(), xc=xc.numpy(), c=c.numpy(),
                     fn=fn.numpy(), c128=c128.numpy())
            """, arguments: [dir.path]) } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        return dir
    }

    override class func tearDown() {
        if case .success(let dir) = fixture { try? FileManager.default.removeItem(at: dir) }
        super.tearDown()
    }

    private func expected(_ name: String) throws -> Tensor {
        try XCTUnwrap(try NpzArchive.read(Self.fixture.get().appendingPathComponent("expected.npz"))[name]).tensor()
    }

    private func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)")
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    func testSimCLRLightningCheckpointGivesTorchFeatures() throws {
        try requireTorch()
        let dir = try Self.fixture.get()
        let out = try makeTemporaryDirectory(self).appendingPathComponent("simclr.safetensors")
        let result = try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("simclr.ckpt"), method: .simclr, to: out)
        XCTAssertEqual(result.mapping.prefix, "encoder.")
        XCTAssertEqual(result.mapping.foldedAliases, 16 * 3 * 6)
        XCTAssertEqual(result.mapping.ignored, [])
        // The whole SimCLR model is written: encoder plus l1/l2 as the projector.
        var rng = SeededGenerator(seed: 1)
        let ours = SimCLR(encoder: XResNet1d(depth: .d50, rng: &rng), rng: &rng)
        try ModelCheckpoint.load(out, into: ours.namedVariables)
        var ctx = ForwardContext(training: false)
        let d = maxAbsDifference(ours.encoder(Variable(try expected("x")), &ctx).value, try expected("f32"))
        XCTAssertLessThanOrEqual(d, 1e-4, "float32 features differ from torch by \(d)")
    }

    func testFloat16BYOLCheckpointUsesTheOnlineNetwork() throws {
        try requireTorch()
        let dir = try Self.fixture.get()
        let out = try makeTemporaryDirectory(self).appendingPathComponent("byol.safetensors")
        let result = try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("byol.ckpt"), method: .byol, to: out)
        XCTAssertEqual(result.mapping.prefix, "online_network.encoder.")
        XCTAssertEqual(result.mapping.ignored, ["online_network.encoder.l1.bias", "online_network.encoder.l1.weight",
                                                "online_network.encoder.l2.bias", "online_network.encoder.l2.weight"])
        var rng = SeededGenerator(seed: 2)
        let byol = BYOL(encoder: XResNet1d(depth: .d50, rng: &rng), rng: &rng)
        // Only the backbone is written; it loads exactly (no missing or extra tensors).
        try ModelCheckpoint.load(out, into: byol.backboneVariables)
        var ctx = ForwardContext(training: false)
        let d = maxAbsDifference(byol.encoder(Variable(try expected("x")), &ctx).value, try expected("f16"))
        XCTAssertLessThanOrEqual(d, 1e-4, "features from float16 weights differ from torch by \(d)")
    }

    func testCPCCheckpointGivesTorchContextVectors() throws {
        try requireTorch()
        let dir = try Self.fixture.get()
        let out = try makeTemporaryDirectory(self).appendingPathComponent("cpc.safetensors")
        let result = try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("cpc.ckpt"), method: .cpc, to: out)
        XCTAssertEqual(result.mapping.prefix, "")
        var rng = SeededGenerator(seed: 3)
        let model = CPCModel(rng: &rng)
        try ModelCheckpoint.load(out, into: model.namedVariables)
        var ctx = ForwardContext(training: false)
        let context = model.context(model.encode(Variable(try expected("xc")), &ctx), &ctx).value
        let d = maxAbsDifference(context, try expected("c"))
        XCTAssertLessThanOrEqual(d, 1e-4, "CPC context vectors differ from torch by \(d)")
    }

    func testOtherSizesAreRecognisedFromTheShapes() throws {
        try requireTorch()
        let dir = try Self.fixture.get()
        let out = try makeTemporaryDirectory(self)
        // Stage width 32 instead of 64: the backbone is rebuilt at that width and loads exactly.
        let narrow = try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("byol-narrow.ckpt"), method: .byol,
                                                                      to: out.appendingPathComponent("byol-narrow.safetensors"))
        XCTAssertEqual(narrow.mapping.ignored.count, 4)  // l1, l2: BYOL trains its own heads
        var rng = SeededGenerator(seed: 4)
        let byol = BYOL(encoder: XResNet1d(depth: .d50, widen: 0.5, rng: &rng), rng: &rng)
        try ModelCheckpoint.load(out.appendingPathComponent("byol-narrow.safetensors"), into: byol.backboneVariables)
        var ctx = ForwardContext(training: false)
        let d = maxAbsDifference(byol.encoder(Variable(try expected("x")), &ctx).value, try expected("fn"))
        XCTAssertLessThanOrEqual(d, 1e-4, "half-width features differ from torch by \(d)")
        // CPC at the demo's width, 128, from a plain state dict.
        _ = try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("cpc128.pt"), method: .cpc,
                                                             to: out.appendingPathComponent("cpc128.safetensors"))
        let model = CPCModel(hidden: 128, rng: &rng)
        try ModelCheckpoint.load(out.appendingPathComponent("cpc128.safetensors"), into: model.namedVariables)
        let context = model.context(model.encode(Variable(try expected("xc")), &ctx), &ctx).value
        let dc = maxAbsDifference(context, try expected("c128"))
        XCTAssertLessThanOrEqual(dc, 1e-4, "CPC(128) context vectors differ from torch by \(dc)")
    }

    func testRefusedCheckpointWritesNothing() throws {
        try requireTorch()
        let dir = try Self.fixture.get()
        let outDir = try makeTemporaryDirectory(self)
        assertThrows(try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("bad.pt"), method: .swav,
                                                                      to: outDir.appendingPathComponent("bad.safetensors")),
                     mentioning: ["bad.pt", "alias 'features.4.0.convpath.0.1.0.weight' differs from 'features.4.0.convs.1.0.weight'"])
        assertThrows(try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("cpc.ckpt"), method: .simclr,
                                                                      to: outDir.appendingPathComponent("wrong.safetensors")),
                     mentioning: ["cpc.ckpt", "no simclr encoder found"])
        assertThrows(try ReferenceCheckpointImporter.importCheckpoint(from: dir.appendingPathComponent("evil.ckpt"), method: .simclr,
                                                                      to: outDir.appendingPathComponent("evil.safetensors")),
                     mentioning: ["evil.ckpt", "refusing global 'posix.system'"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pwned").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outDir.path), [])
    }
}
