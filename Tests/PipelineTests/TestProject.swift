import ExperimentSpec
import Foundation
@testable import Pipeline
import TensorCore
import XCTest

/// A throwaway project folder with small datasets and spec files, removed when released.
final class TestProject {
    let root: URL
    let registry: StageRegistry

    init(root: URL, registry: StageRegistry) {
        self.root = root
        self.registry = registry
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    init(registry: StageRegistry = TestStages.registry) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        self.registry = registry
        try writeDataset("data/corpus", records: 3, seed: 1)
        try writeDataset("data/ptbxl", records: 4, seed: 2)
    }

    var project: Project { Project(root: root, registry: registry) }

    /// A dataset directory of small seeded binary records (with a RECORDS list, so format
    /// detection calls it a WFDB folder; the test bodies only checksum it).
    func writeDataset(_ path: String, records: Int, seed: UInt64) throws {
        let dir = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("records"), withIntermediateDirectories: true)
        var g = SeededGenerator(seed: seed)
        for i in 0..<records {
            let bytes = (0..<4000).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            try Data(bytes).write(to: dir.appendingPathComponent("records/r\(i).dat"))
        }
        try (0..<records).map { "records/r\($0)\n" }.joined()
            .write(to: dir.appendingPathComponent("RECORDS"), atomically: true, encoding: .utf8)
        try "id,fold\n" .appending((0..<records).map { "\($0),\($0 % 10 + 1)\n" }.joined())
            .write(to: dir.appendingPathComponent("index.csv"), atomically: true, encoding: .utf8)
    }

    @discardableResult
    func write(_ name: String, _ yaml: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Loads and plans the given YAML texts (written as files) with the project root as cwd.
    func plan(_ yaml: String, name: String = "exp.yaml") throws -> StageGraph {
        let path = try write(name, yaml)
        return try project.plan(try project.load([path]))
    }

    func run(_ graph: StageGraph, kinds: Set<String>? = nil) -> RunSummary {
        let targets = kinds.map { k in Set(graph.ordered.filter { k.contains($0.kind.rawValue) }.map(\.key)) }
        return project.runner(console: Console(quiet: true)).run(graph, targets: targets)
    }

    /// Label → key of the single variant of a single-file graph.
    static func keys(_ g: StageGraph) -> [String: String] {
        var out: [String: String] = [:]
        for v in g.variants { for s in v.stages { out[v.variant + "/" + s.label] = s.key } }
        for (f, k) in g.reports { out["report:" + (f as NSString).lastPathComponent] = k }
        return out
    }

    func completed(kind: String? = nil) -> [CacheEvents.Event] {
        project.cache.events.all().filter { $0.event == "completed" && (kind == nil || $0.kind == kind) }
    }
}

/// Real, small stage bodies for exercising the runner: they compute from their inputs, never
/// pretend to train.
enum TestStages {
    /// Preprocess: an index of the dataset's files with their checksums.
    struct DatasetIndex: Stage {
        let version = 1
        func run(_ inputs: PreprocessInputs, _ context: StageContext) throws {
            let dir = context.projectRoot.appendingPathComponent(inputs.path)
            var text = "file,size,sha256\n"
            for f in try DatasetFingerprinter.files(under: dir) {
                let u = dir.appendingPathComponent(f)
                let size = try Data(contentsOf: u).count
                text += "\(f),\(size),\(try SHA256.hex(fileAt: u))\n"
            }
            try text.write(to: context.output.appendingPathComponent("index.csv"), atomically: true, encoding: .utf8)
        }
    }

    /// "pretrain" stand-in: a seeded hash chain over the corpora indexes and the spec's fields.
    struct HashChain: Stage {
        let version = 1
        func run(_ inputs: PretrainInputs, _ context: StageContext) throws {
            var g = context.makeGenerator()
            var acc = inputs.canonical.encoded
            for i in 0..<inputs.corpora {
                acc += try String(contentsOf: context.artifacts(.corpus(i)).appendingPathComponent("index.csv"), encoding: .utf8)
            }
            for _ in 0..<100 { acc = SHA256.hex(acc + String(g.next())) }
            try acc.write(to: context.output.appendingPathComponent("weights.txt"), atomically: true, encoding: .utf8)
            try "metric,value\nchain,\(acc.prefix(8))\n".write(to: context.output.appendingPathComponent("metrics.csv"),
                                                            atomically: true, encoding: .utf8)
        }
    }

    /// A stage of the kind of `Inputs` that always fails, to check failure handling.
    struct AlwaysFails<Inputs: StageInputs>: Stage {
        let version = 1
        func run(_ inputs: Inputs, _ context: StageContext) throws {
            throw PipelineError.badInput("loss became NaN at step 3")
        }
    }

    static let registry = StageRegistry([DatasetIndex(), HashChain(), SelfTestStage()])
}

/// The spec the key tests start from.
let baseSpec = """
    name: keys
    seed: 7
    method: simclr
    data:
      pretrain: [data/corpus]
      downstream: data/ptbxl
      labels: superdiag
    pretrain:
      epochs: 3
      batch_size: 16
      lr: 0.001
      trafos: [RRC, TO]
    evaluation:
      finetune: {epochs: 2}
      linear_eval: {epochs: 2}
    runtime: {threads: 2, log_every: 10}

    """
