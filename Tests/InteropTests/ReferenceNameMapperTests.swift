import TensorCore
import TestSupport
import XCTest
@testable import Interop

final class ReferenceNameMapperTests: XCTestCase {
    private func t(_ shape: [Int], _ fill: Float = 1) -> TorchTensor {
        TorchTensor(dtype: .float32, tensor: Tensor(repeating: fill, shape: shape))
    }

    /// A miniature ResNetSimCLR state dict under `prefix` (one block with its convpath aliases).
    private func xresnetDict(prefix: String, fill: Float = 1) -> [String: TorchTensor] {
        [
            prefix + "features.0.0.weight": t([32, 12, 5], fill),
            prefix + "features.0.0.bias": t([32], fill),
            prefix + "features.4.0.convs.0.0.weight": t([64, 64, 1], fill),
            prefix + "features.4.0.convpath.0.0.0.weight": t([64, 64, 1], fill),
            prefix + "features.4.0.convs.0.1.num_batches_tracked": t([], 3),
            prefix + "features.4.0.convpath.0.0.1.num_batches_tracked": t([], 3),
            prefix + "l1.weight": t([512, 512]), prefix + "l1.bias": t([512]),
            prefix + "l2.weight": t([16, 512]), prefix + "l2.bias": t([16]),
        ]
    }

    private let backbone: [String: [Int]] = [
        "encoder.features.0.0.weight": [32, 12, 5], "encoder.features.0.0.bias": [32],
        "encoder.features.4.0.convs.0.0.weight": [64, 64, 1], "encoder.features.4.0.convs.0.1.num_batches_tracked": [],
    ]
    private let simclrHead: [String: [Int]] = [
        "projector.0.weight": [512, 512], "projector.0.bias": [512], "projector.2.weight": [16, 512], "projector.2.bias": [16],
    ]

    func testBYOLPicksTheOnlineNetworkAndFoldsAliases() throws {
        var source = xresnetDict(prefix: "online_network.encoder.")
        source.merge(xresnetDict(prefix: "target_network.encoder.", fill: 2)) { $1 }
        source["online_network.predictor.0.weight"] = t([512, 16])
        let result = try ReferenceNameMapper.map(source, method: .byol, required: backbone, optional: simclrHead, checkpoint: "b.ckpt")
        XCTAssertEqual(result.prefix, "online_network.encoder.")
        XCTAssertEqual(Set(result.tensors.keys), Set(backbone.keys))
        XCTAssertEqual(result.tensors["encoder.features.0.0.weight"]?.scalars.first, 1)
        XCTAssertEqual(result.foldedAliases, 2)
        XCTAssertEqual(result.ignored, ["online_network.encoder.l1.bias", "online_network.encoder.l1.weight",
                                        "online_network.encoder.l2.bias", "online_network.encoder.l2.weight"])
    }

    func testSimCLRMapsL1L2ToTheProjector() throws {
        let result = try ReferenceNameMapper.map(xresnetDict(prefix: "encoder."), method: .simclr, required: backbone,
                                                 optional: simclrHead, checkpoint: "s.ckpt")
        XCTAssertEqual(Set(result.tensors.keys), Set(backbone.keys).union(simclrHead.keys))
        XCTAssertEqual(result.tensors["projector.2.weight"]?.shape, [16, 512])
        XCTAssertEqual(result.ignored, [])
    }

    func testDifferingAliasesAreRefused() {
        var source = xresnetDict(prefix: "")
        source["features.4.0.convpath.0.0.0.weight"] = t([64, 64, 1], 1.5)
        assertThrows(try ReferenceNameMapper.map(source, method: .swav, required: backbone, checkpoint: "w.pt"),
                     mentioning: ["w.pt", "alias 'features.4.0.convpath.0.0.0.weight' differs from 'features.4.0.convs.0.0.weight'", "0.5"])
    }

    func testShapeMismatchNamesTensorAndBothShapes() {
        var source = xresnetDict(prefix: "")
        source["features.0.0.weight"] = t([32, 3, 5])
        assertThrows(try ReferenceNameMapper.map(source, method: .simclr, required: backbone, checkpoint: "s.pt"),
                     mentioning: ["s.pt", "'features.0.0.weight'", "[32, 3, 5]", "[32, 12, 5]"])
    }

    func testMissingTensorsAndWrongMethodAreReported() {
        var source = xresnetDict(prefix: "")
        source["features.0.0.bias"] = nil
        assertThrows(try ReferenceNameMapper.map(source, method: .simclr, required: backbone, checkpoint: "m.pt"),
                     mentioning: ["m.pt", "1 tensor(s)", "encoder.features.0.0.bias"])
        assertThrows(try ReferenceNameMapper.map(source, method: .cpc, required: [:], checkpoint: "m.pt"),
                     mentioning: ["m.pt", "no cpc encoder found"])
    }

    func testCPCNamesAreKeptUnderAnyWrapper() throws {
        let source: [String: TorchTensor] = [
            "model_cpc.encoder.0.0.weight": t([512, 12, 1]), "model_cpc.rnn.weight_ih_l0": t([2048, 512]),
            "model_cpc.proj.weight": t([512, 512]), "model_cpc.head.1.weight": t([71, 512]),
        ]
        let required = ["encoder.0.0.weight": [512, 12, 1], "rnn.weight_ih_l0": [2048, 512], "proj.weight": [512, 512]]
        let result = try ReferenceNameMapper.map(source, method: .cpc, required: required, checkpoint: "c.ckpt")
        XCTAssertEqual(Set(result.tensors.keys), Set(required.keys))
        XCTAssertEqual(result.ignored, ["model_cpc.head.1.weight"])
    }
}
