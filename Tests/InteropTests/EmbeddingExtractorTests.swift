import Datasets
import Foundation
import Models
import TensorCore
import TestSupport
import XCTest
@testable import Interop

final class EmbeddingExtractorTests: XCTestCase {
    func testRecognisesXResNetCheckpointsAndReproducesTheirFeatures() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 9)
        let simclr = SimCLR(encoder: XResNet1d(depth: .d18, rng: &rng), rng: &rng)
        let url = dir.appendingPathComponent("simclr.safetensors")
        try ModelCheckpoint.save(simclr.namedVariables, to: url)
        let encoder = try PretrainedEncoder(checkpoint: url)
        XCTAssertEqual(encoder.architecture, .xresnet1d(.d18))
        let x = Tensor(shape: [3, 12, 250], scalars: (0..<(3 * 12 * 250)).map { _ in Float(rng.normal()) })
        var ctx = ForwardContext(training: false)
        XCTAssertEqual(try encoder.features(x), simclr.encoder(Variable(x), &ctx).value)
        assertThrows(try encoder.features(Tensor.zeros([1, 3, 250])), mentioning: ["[batch, 12, time]", "[1, 3, 250]"])
    }

    func testCPCRepresentationIsTheMeanContextVector() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 4)
        let model = CPCModel(rng: &rng)
        let url = dir.appendingPathComponent("cpc.safetensors")
        try ModelCheckpoint.save(model.namedVariables, to: url)
        let encoder = try PretrainedEncoder(checkpoint: url)
        XCTAssertEqual(encoder.architecture, .cpc(.fullyConnected))
        let x = Tensor(shape: [2, 12, 20], scalars: (0..<(2 * 12 * 20)).map { _ in Float(rng.normal()) })
        var ctx = ForwardContext(training: false)
        let context = model.context(model.encode(Variable(x), &ctx), &ctx).value
        let features = try encoder.features(x)
        XCTAssertEqual(features.shape, [2, 512])
        for k in 0..<512 {
            var sum: Float = 0
            for t in 0..<20 { sum += context.scalars[(20 + t) * 512 + k] } // second window
            XCTAssertEqual(features.scalars[512 + k], sum / 20, accuracy: 1e-5)
        }

        let junk = dir.appendingPathComponent("junk.safetensors")
        try ModelCheckpoint.save(prefixed("head", Linear(4, 2, rng: &rng).namedVariables), to: junk)
        assertThrows(try PretrainedEncoder(checkpoint: junk), mentioning: ["junk.safetensors", "no encoder found"])
    }

    /// Every CPC variant a spec can ask for is rebuilt from its checkpoint's shapes, the demo's
    /// 128-unit context network among them, and gives that model's mean context vector.
    func testRecognisesEveryCPCVariantFromItsShapes() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 5)
        let variants: [(String, CPCModel)] = [
            ("demo's hidden 128", CPCModel(hidden: 128, rng: &rng)),
            ("GRU, one layer", CPCModel(hidden: 32, layers: 1, gru: true, rng: &rng)),
            ("strided, no BatchNorm", CPCModel(encoderKind: .strided, hidden: 48, batchNormEncoder: false, rng: &rng)),
            ("no encoder, 3 layers, 6 leads", CPCModel(inputChannels: 6, hidden: 24, layers: 3, skipEncoder: true, rng: &rng)),
        ]
        for (index, (what, model)) in variants.enumerated() {
            let url = dir.appendingPathComponent("cpc\(index).safetensors")
            try ModelCheckpoint.save(model.namedVariables, to: url)
            let encoder = try PretrainedEncoder(checkpoint: url)
            XCTAssertEqual(encoder.architecture, .cpc(model.encoderKind), what)
            let leads = index == 3 ? 6 : 12
            XCTAssertEqual(encoder.inputChannels, leads, what)
            let x = Tensor(shape: [2, leads, 64], scalars: (0..<(2 * leads * 64)).map { _ in Float(rng.normal()) })
            var ctx = ForwardContext(training: false)
            let context = model.context(model.encode(Variable(x), &ctx), &ctx).value
            let (t, f) = (context.shape[1], context.shape[2])
            let features = try encoder.features(x)
            XCTAssertEqual(features.shape, [2, f], what)
            for k in 0..<f {
                var sum: Float = 0
                for s in 0..<t { sum += context.scalars[(t + s) * f + k] } // second window
                XCTAssertEqual(features.scalars[f + k], sum / Float(t), accuracy: 1e-5, what)
            }
        }
        var broken = CPCModel(hidden: 16, rng: &rng).namedVariables
        broken.removeAll { $0.name == "rnn.bias_hh_l1" }
        let url = dir.appendingPathComponent("broken.safetensors")
        try ModelCheckpoint.save(broken, to: url)
        assertThrows(try PretrainedEncoder(checkpoint: url), mentioning: ["broken.safetensors", "match no CPC model"])
    }

    func testRecognisesAWidenedXResNet() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 6)
        let model = XResNet1d(depth: .d50, kernelSize: 3, widen: 0.5, rng: &rng)
        let url = dir.appendingPathComponent("wide.safetensors")
        try ModelCheckpoint.save(prefixed("encoder", model.namedVariables), to: url)
        let encoder = try PretrainedEncoder(checkpoint: url)
        XCTAssertEqual(encoder.architecture, .xresnet1d(.d50))
        let x = Tensor(shape: [2, 12, 100], scalars: (0..<(2 * 12 * 100)).map { _ in Float(rng.normal()) })
        var ctx = ForwardContext(training: false)
        XCTAssertEqual(try encoder.features(x), model(Variable(x), &ctx).value)
        XCTAssertEqual(try encoder.features(x).shape, [2, 256])
    }

    /// Sizes read from shapes are checked against tensors that grow as fast as the model would:
    /// a small file cannot make the recogniser build a huge network.
    func testShapesThatPromiseAHugeModelAreRejectedBeforeItIsBuilt() {
        // One 512-unit LSTM layer, then a thousand one-float "layers".
        var cpc = ["rnn.weight_hh_l0": Tensor.zeros([2048, 512]), "rnn.weight_ih_l0": Tensor.zeros([2048, 512])]
        for k in 1..<1000 { cpc["rnn.weight_ih_l\(k)"] = Tensor.zeros([1]); cpc["rnn.weight_hh_l\(k)"] = Tensor.zeros([1]) }
        assertThrows(try PretrainedEncoder(archive: SafetensorsArchive(floatTensors: cpc), source: "layers.safetensors"),
                     mentioning: ["layers.safetensors", "match no CPC model"])
        // An xresnet stage width of 100,000 with no [w, w, k] tensor behind it.
        let wide = ["encoder.features.0.0.weight": Tensor.zeros([32, 12, 5]), "encoder.features.1.0.weight": Tensor.zeros([32, 32, 5]),
                    "encoder.features.4.0.convs.0.0.weight": Tensor.zeros([100_000, 64, 1])]
        assertThrows(try PretrainedEncoder(archive: SafetensorsArchive(floatTensors: wide), source: "wide.safetensors"),
                     mentioning: ["wide.safetensors", "encoder.features.4.0.convs.1.0.weight []", "[w, w, k]"])
    }

    /// Store export and the single-record path agree: the record loader reproduces the store's
    /// signal and the per-record embedding is the mean of the record's window features.
    func testStoreTableMatchesPerRecordWindows() throws {
        let dir = try makeTemporaryDirectory(self)
        let layout = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 6, unlabeledRecords: 0, seed: 1),
                                                   into: dir.appendingPathComponent("synth"))
        let storeURL = dir.appendingPathComponent("store")
        let store = try Ingest.run(Ingest.reader(.ptbxl, source: DirectorySource(root: layout.ptbxl)), format: .ptbxl,
                                   destination: storeURL).store
        var rng = SeededGenerator(seed: 2)
        let url = dir.appendingPathComponent("enc.safetensors")
        try ModelCheckpoint.save(prefixed("encoder", XResNet1d(depth: .d18, rng: &rng).namedVariables), to: url)
        let extractor = EmbeddingExtractor(encoder: try PretrainedEncoder(checkpoint: url), windows: try RecordWindows(), batchSize: 4)
        let table = try extractor.table(store: store, labelSet: "superdiag")
        XCTAssertEqual(table.records.count, 6)
        XCTAssertEqual(table.embeddings.shape, [6, 128]) // xresnet1d18: 2 × 64 features
        XCTAssertEqual(table.classes, try store.classes("superdiag"))

        let source = store.index.records[0].source
        let record = try RecordLoader.load(layout.ptbxl.appendingPathComponent(source).path)
        let signal = Array(store.signal(0))
        XCTAssertEqual(record.shape, [12, signal.count / 12])
        for t in 0..<(signal.count / 12) { for c in 0..<12 { XCTAssertEqual(record.scalars[c * (signal.count / 12) + t], signal[t * 12 + c]) } }
        let perWindow = try extractor.windowFeatures(record)
        XCTAssertEqual(perWindow.shape, [7, 128])
        XCTAssertEqual(Array(table.embeddings.scalars[0..<128]), meanOverRows(perWindow))
    }
}
