import Datasets
import ExperimentSpec
import Foundation
import Archives
@testable import Pipeline
import XCTest

/// The real preprocess stage: synthetic PTB-XL-layout data ingested into a store in the cache.
final class PreprocessStageTests: XCTestCase {
    func testIngestsSyntheticDataIntoTheCache() throws {
        let p = try TestProject(registry: .builtin)
        try SyntheticDataset.generate(SyntheticDatasetOptions(records: 24, unlabeledRecords: 6, seed: 3),
                                      into: p.root.appendingPathComponent("data/synthetic"))
        let g = try p.plan("""
            method: byol
            data: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl}
            """)
        let pre = g.ordered.filter { $0.kind == .preprocess }
        XCTAssertEqual(pre.map { $0.fields["format"] }, [.string("ptbxl"), .string("wfdb")])
        let summary = p.run(g, kinds: ["preprocess"])
        XCTAssertEqual(summary.executed.count, 2, "\(summary.failures)")
        let store = try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(pre[0].key)))
        XCTAssertEqual(store.count, 24)
        XCTAssertEqual(try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(pre[1].key))).count, 6)
        let metrics = try String(contentsOf: p.project.cache.artifacts(pre[0].key).appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertTrue(metrics.hasPrefix("metric,value\nrecords,24\nskipped,0\n"), metrics)
        XCTAssertNil(p.project.cache.verify(pre[0].key))
    }

    /// A downstream body reading its inputs' stores the way training stages do.
    struct CountRecords: Stage {
        let version = 1
        func run(_ inputs: PretrainInputs, _ context: StageContext) throws {
            let roles = (0..<inputs.corpora).map { InputRole.corpus($0) }
            let counts = try roles.map { try context.store($0).count }
            try "\(roles.map(\.name))=\(counts)".write(to: context.output.appendingPathComponent("counts.txt"),
                                                   atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try context.store(.encoder))
        }
    }

    func testDownstreamStagesOpenTheirInputStores() throws {
        var registry = StageRegistry.builtin
        registry.register(CountRecords())
        let p = try TestProject(registry: registry)
        let root = p.root.appendingPathComponent("data")
        try SyntheticDataset.generate(SyntheticDatasetOptions(records: 5, unlabeledRecords: 4, seed: 1), into: root.appendingPathComponent("a"))
        try SyntheticDataset.generate(SyntheticDatasetOptions(records: 5, unlabeledRecords: 7, seed: 2), into: root.appendingPathComponent("b"))
        let g = try p.plan("method: simclr\ndata: {pretrain: [data/a/unlabeled, data/b/unlabeled], downstream: data/a/ptbxl}\n")
        XCTAssertTrue(p.run(g, kinds: ["pretrain"]).succeeded)
        let key = g.ordered.first { $0.kind == .pretrain }!.key
        XCTAssertEqual(try String(contentsOf: p.project.cache.artifacts(key).appendingPathComponent("counts.txt"), encoding: .utf8),
                       "[\"corpus[0]\", \"corpus[1]\"]=[4, 7]")
    }

    func testASpecMayNameTheZipAsDistributed() throws {
        let p = try TestProject(registry: .builtin)
        let folder = p.root.appendingPathComponent("data/synthetic")
        try SyntheticDataset.generate(SyntheticDatasetOptions(records: 12, unlabeledRecords: 2, seed: 5), into: folder)
        // Zipped like PhysioNet's download: everything under one top-level folder.
        var zip = ZipWriter()
        let ptbxl = folder.appendingPathComponent("ptbxl")
        for rel in try DatasetFingerprinter.files(under: ptbxl) {
            try zip.add(name: "ptb-xl-1.0.1/" + rel, data: Data(contentsOf: ptbxl.appendingPathComponent(rel)), method: .deflated)
        }
        try zip.write(to: p.root.appendingPathComponent("data/ptb-xl.zip"))
        let fromZip = try p.plan("method: supervised\ndata: {downstream: data/ptb-xl.zip}\n")
        let fromFolder = try p.plan("method: supervised\ndata: {downstream: data/synthetic/ptbxl}\n")
        let zipped = fromZip.ordered.first { $0.kind == .preprocess }!, unpacked = fromFolder.ordered.first { $0.kind == .preprocess }!
        XCTAssertEqual(zipped.fields["format"], .string("ptbxl"), "detected inside the archive")
        XCTAssertTrue(p.run(fromZip, kinds: ["preprocess"]).succeeded)
        XCTAssertTrue(p.run(fromFolder, kinds: ["preprocess"]).succeeded)
        let a = try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(zipped.key)))
        let b = try Store(directory: PreprocessStage.store(in: p.project.cache.artifacts(unpacked.key)))
        XCTAssertEqual(a.count, 12)
        XCTAssertEqual(a.index.records.map(\.id), b.index.records.map(\.id))
        XCTAssertEqual(try a.labelMatrix("all", records: Array(0..<12)).scalars, try b.labelMatrix("all", records: Array(0..<12)).scalars)

        try "not a zip".write(to: p.root.appendingPathComponent("data/broken.zip"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try p.plan("method: supervised\ndata: {downstream: data/broken.zip}\n")) {
            XCTAssertTrue("\($0)".contains("broken.zip"), "\($0)")
        }
    }

    func testDetectedFormatIsMemoizedByContentSoPlanningDoesNotReopenTheDataset() throws {
        let p = try TestProject()
        try SyntheticDataset.generate(SyntheticDatasetOptions(records: 4, unlabeledRecords: 1, seed: 6),
                                      into: p.root.appendingPathComponent("data/s"))
        let first = try p.plan("method: supervised\ndata: {downstream: data/s/ptbxl}\n")
        XCTAssertEqual(first.ordered.first { $0.kind == .preprocess }?.fields["format"], .string("ptbxl"))
        let memos = try FileManager.default.contentsOfDirectory(atPath: p.project.cache.datasetMemo.path).filter { $0.hasSuffix(".format") }
        XCTAssertEqual(memos.count, 1)
        // A second plan takes the memo's word (here doctored) instead of looking again.
        try "zheng".write(to: p.project.cache.datasetMemo.appendingPathComponent(memos[0]), atomically: true, encoding: .utf8)
        let second = try p.plan("method: supervised\ndata: {downstream: data/s/ptbxl}\n")
        XCTAssertEqual(second.ordered.first { $0.kind == .preprocess }?.fields["format"], .string("zheng"))
    }

    func testFormatIsDetectedOrMustBeNamed() throws {
        let p = try TestProject()
        try FileManager.default.createDirectory(at: p.root.appendingPathComponent("data/odd"), withIntermediateDirectories: true)
        try "x".write(to: p.root.appendingPathComponent("data/odd/a.bin"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try p.plan("method: supervised\ndata: {downstream: data/odd}\n")) {
            XCTAssertTrue("\($0)".hasPrefix("cannot tell the format of dataset 'data/odd'"), "\($0)")
        }
        let g = try p.plan("method: supervised\ndata: {downstream: {path: data/odd, format: zheng}}\n")
        XCTAssertEqual(g.ordered.first { $0.kind == .preprocess }?.fields["format"], .string("zheng"))
    }
}
