import Foundation
import TensorCore
import TestSupport
import XCTest
@testable import Interop

final class TorchCheckpointTests: XCTestCase {
    /// One torch process writes every case (starting torch dominates the run time): for each
    /// case a checkpoint `<case>.pt` and `<case>.npz` with float32 copies of its tensors.
    private static let fixture: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("interop-torch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do { _ = try PythonOracle.run("""
            import argparse, collections, os, sys
            import numpy as np, torch
            torch.manual_seed(0)
            out = sys.argv[1]
            def save(case, obj, sd):
                torch.save(obj, os.path.join(out, case + '.pt'))
                np.savez(os.path.join(out, case + '.npz'), **{k: v.detach().float().contiguous().numpy() for k, v in sd.items()})
            class Small(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.features = torch.nn.Sequential(torch.nn.Conv1d(3, 4, 5), torch.nn.BatchNorm1d(4), torch.nn.ReLU())
                    self.l1 = torch.nn.Linear(4, 2)
            m = Small()
            m.features[1].running_mean.normal_(); m.features[1].running_var.uniform_(0.5, 2)
            m.features[1].num_batches_tracked += 7

            save('plain', m.state_dict(), m.state_dict())

            sd = collections.OrderedDict(('model.' + k, v.clone()) for k, v in m.state_dict().items())
            opt = torch.optim.Adam(m.parameters()); m.l1(torch.randn(1, 4)).sum().backward(); opt.step()
            save('lightning', {
                'epoch': 41, 'global_step': -3000000000, 'pytorch-lightning_version': '1.1.8',
                'state_dict': sd,
                'hyper_parameters': {'lr': 0.00229, 'trafos': ['RRC', 'TO'], 'none': None, 'fp16': True,
                                     'range': (0.5, 1.0), 'args': argparse.Namespace(batch_size=4096, data='x'),
                                     'blob': b'\\x00\\xffab'},
                'optimizer_states': [opt.state_dict()],
                'callbacks': {'ModelCheckpoint': {'best_model_score': torch.tensor(0.25), 'best_model_path': '/x.ckpt'}},
            }, sd)

            h = collections.OrderedDict((k, v.half() if v.is_floating_point() else v) for k, v in m.state_dict().items())
            h['extremes'] = torch.tensor([65504.0, -2.0**-24, 2.0**-14, float('inf'), -0.0], dtype=torch.float16)
            save('half', h, h)

            base = torch.arange(60, dtype=torch.float32).reshape(3, 4, 5)
            w = m.features[0].weight
            views = collections.OrderedDict([
                ('transposed', base.transpose(0, 2)), ('sliced', base[1:, ::2, 3]), ('scalar_view', base[2, 1, 4]),
                ('convs.0.weight', w), ('convpath.0.0.weight', w), ('empty', base[:, :0]),
            ])
            save('views', views, views)

            # Protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL, SHORT_BINUNICODE) and the pre-1.6 format.
            torch.save(m.state_dict(), os.path.join(out, 'proto4.pt'), pickle_protocol=4)
            np.savez(os.path.join(out, 'proto4.npz'), **{k: v.float().numpy() for k, v in m.state_dict().items()})
            torch.save(m.state_dict(), os.path.join(out, 'legacy.pt'), _use_new_zipfile_serialization=False)
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

    private func load(_ name: String) throws -> (TorchCheckpoint, [String: NpyArray]) {
        try requireTorch()
        let dir = try Self.fixture.get()
        return (try TorchCheckpoint(url: dir.appendingPathComponent(name + ".pt")),
                try NpzArchive.read(dir.appendingPathComponent(name + ".npz")))
    }

    private func assertMatches(_ tensors: [String: TorchTensor], _ expected: [String: NpyArray],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(Set(tensors.keys), Set(expected.keys), file: file, line: line)
        for (name, array) in expected {
            XCTAssertEqual(tensors[name]?.tensor, try array.tensor(), name, file: file, line: line)
        }
    }

    func testPlainStateDict() throws {
        let (checkpoint, expected) = try load("plain")
        let tensors = try checkpoint.stateDict()
        try assertMatches(tensors, expected)
        XCTAssertEqual(tensors["features.0.weight"]?.tensor.shape, [4, 3, 5])
        XCTAssertEqual(tensors["features.1.num_batches_tracked"]?.dtype, .int64)
        XCTAssertEqual(tensors["features.1.num_batches_tracked"]?.tensor, Tensor(shape: [], scalars: [7]))
    }

    func testLightningStyleCheckpointWithHyperParameters() throws {
        let (checkpoint, expected) = try load("lightning")
        try assertMatches(try checkpoint.stateDict(), expected)
        XCTAssertEqual(checkpoint.root["epoch"], .int(41))
        XCTAssertEqual(checkpoint.root["global_step"], .int(-3_000_000_000))
        let hyper = try XCTUnwrap(checkpoint.root["hyper_parameters"])
        XCTAssertEqual(hyper["lr"], .float(0.00229))
        XCTAssertEqual(hyper["trafos"], .list([.string("RRC"), .string("TO")]))
        XCTAssertEqual(hyper["none"], PickleValue.none)
        XCTAssertEqual(hyper["fp16"], .bool(true))
        XCTAssertEqual(hyper["range"], .tuple([.float(0.5), .float(1.0)]))
        XCTAssertEqual(hyper["args"]?["batch_size"], .int(4096))
        XCTAssertEqual(hyper["args"]?["data"], .string("x"))
        XCTAssertEqual(hyper["blob"], .bytes(Data([0, 255, 97, 98])))
        XCTAssertEqual(checkpoint.root["callbacks"]?["ModelCheckpoint"]?["best_model_score"],
                       .tensor(TorchTensor(dtype: .float32, tensor: Tensor(shape: [], scalars: [0.25]))))
    }

    func testFloat16StateDictIsConvertedExactly() throws {
        let (checkpoint, expected) = try load("half")
        let tensors = try checkpoint.stateDict()
        try assertMatches(tensors, expected)
        XCTAssertEqual(tensors["features.0.weight"]?.dtype, .float16)
        XCTAssertEqual(tensors["extremes"]?.tensor.scalars, [65504, -0x1p-24, 0x1p-14, .infinity, -0.0])
    }

    func testNonContiguousViewsAndSharedStoragesAreMaterialised() throws {
        let (checkpoint, expected) = try load("views")
        let tensors = try checkpoint.stateDict()
        try assertMatches(tensors, expected)
        XCTAssertEqual(tensors["sliced"]?.tensor, Tensor(shape: [2, 2], scalars: [23, 33, 43, 53]))
        XCTAssertEqual(tensors["empty"]?.tensor.shape, [3, 0, 5])
    }

    func testProtocol4AndLegacyFormat() throws {
        let (checkpoint, expected) = try load("proto4")
        try assertMatches(try checkpoint.stateDict(), expected)
        let legacy = try Self.fixture.get().appendingPathComponent("legacy.pt") // load() checked torch
        assertThrows(try TorchCheckpoint(url: legacy), mentioning: ["legacy.pt", "legacy (pre-1.6) torch.save format"])
    }

    /// A pickle that would call os.system (or builtins.eval) is refused by name and runs nothing.
    func testMaliciousGlobalsAreRefusedAndNothingRuns() throws {
        let dir = try makeTemporaryDirectory(self)
        let marker = dir.appendingPathComponent("pwned")
        _ = try PythonOracle.run("""
            import os, pickle, sys, zipfile
            out, marker = sys.argv[1], sys.argv[2]
            class Evil:
                def __reduce__(self): return (os.system, ('touch ' + marker,))
            class Eval:
                def __reduce__(self): return (eval, ('1+1',))
            for name, obj, proto in [('system.pt', {'w': Evil()}, 2), ('eval.pt', [Eval()], 4)]:
                with zipfile.ZipFile(os.path.join(out, name), 'w') as z:
                    z.writestr('archive/data.pkl', pickle.dumps(obj, protocol=proto))
            """, arguments: [dir.path, marker.path])
        assertThrows(try TorchCheckpoint(url: dir.appendingPathComponent("system.pt")),
                     mentioning: ["system.pt", "refusing global 'posix.system'"])
        assertThrows(try TorchCheckpoint(url: dir.appendingPathComponent("eval.pt")),
                     mentioning: ["eval.pt", "refusing global 'builtins.eval'"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
    }

    /// Shared containers nested 40 deep are a few hundred bytes of pickle but 2⁴⁰ values when
    /// expanded; cycles cannot be expanded at all. Both are refused.
    func testExpansionBombsAndCyclesAreRefused() throws {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import pickle, sys
            x = []
            for _ in range(40): x = [x, x]
            open(sys.argv[1] + '/bomb.pkl', 'wb').write(pickle.dumps(x, protocol=2))
            y = []; y.append(y)
            open(sys.argv[1] + '/cycle.pkl', 'wb').write(pickle.dumps(y, protocol=2))
            """, arguments: [dir.path])
        let noStorage: PickleMachine.StorageLoader = { _ in XCTFail("no storage expected"); return [] }
        let bomb = try Data(contentsOf: dir.appendingPathComponent("bomb.pkl"))
        XCTAssertLessThan(bomb.count, 1000)
        assertThrows(try PickleMachine(name: "bomb.pkl", valueBudget: 10_000, loadStorage: noStorage).run(bomb),
                     mentioning: ["bomb.pkl", "more than 10000 values"])
        assertThrows(try PickleMachine(name: "cycle.pkl", loadStorage: noStorage).run(Data(contentsOf: dir.appendingPathComponent("cycle.pkl"))),
                     mentioning: ["cycle.pkl", "recursive containers"])
    }

    func testHalfToFloatCoversEveryBitPattern() throws {
        // Compare against Swift's own Float16 conversion where the platform has it.
        #if arch(x86_64) || arch(arm64)
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let got = halfToFloat(bits)
            if expected.isNaN { XCTAssertTrue(got.isNaN) } else { XCTAssertEqual(got.bitPattern, expected.bitPattern, "bits \(bits)") }
        }
        #endif
    }
}
