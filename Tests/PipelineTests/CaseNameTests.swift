import ExperimentSpec
import Foundation
@testable import Pipeline
import TestSupport
import XCTest

/// Case folder names: readable, from the case's own coordinates, stable when cases are added.
final class CaseNameTests: XCTestCase {
    static let base = """
    name: names
    method: simclr
    data: {pretrain: [data/corpus], downstream: data/ptbxl, labels: superdiag}
    pretrain: {epochs: 3, batch_size: 16}

    """

    func cases(_ sweep: String) throws -> [Experiment] {
        try ExperimentFile.parse(yaml: Self.base + sweep, file: "names.yaml").variants
    }

    func testTheDemoCasesReadLikeTheirOverrides() throws {
        let url = PythonOracle.packageRoot.appendingPathComponent("experiments/demo.yaml")
        let demo = try ExperimentFile.load(path: url.path).variants
        XCTAssertEqual(CaseName.assign(demo), [
            "simclr-RRC+TO-ft.ep6-ft.hep2",
            "cpc-h128-in250-ep3-bs64-lr1e-3-ft.ep3-ft.hep1-ft.hlr1e-3",
            "supervised",
            "simclr-RRC+TO-nopre-noft",
        ])
        XCTAssertTrue(CaseName.assign(demo).allSatisfy { $0.count <= CaseName.maxLength })
        // Console lines leave out what a stage does not read.
        XCTAssertEqual(CaseName.displayParts(of: demo[1], for: .pretrain), ["cpc", "h128", "in250", "ep3", "bs64", "lr1e-3"])
        XCTAssertEqual(CaseName.displayParts(of: demo[0], for: .linearEval), ["simclr", "RRC+TO"])
    }

    func testValuesComeFromTheResolvedSpecWhateverTheSpelling() throws {
        let names = CaseName.assign(try cases("""
        sweep:
          cases:
            - {pretrain.lr: 1e-3, pretrain.trafos: [RRC, TimeOut]}
            - {pretrain.lr: 0.0003, pretrain.trafos: [GaussianNoise], data.normalize: false}
            - {pretrain.lr: 0.05, data.train_folds: 6, evaluation.linear_eval: {lr: 0.00025}}
        """))
        XCTAssertEqual(names, ["lr1e-3-RRC+TO", "lr3e-4-GN-nonorm", "lr0.05-folds6-le.lr2.5e-4"])
    }

    func testAFileWithoutASweepIsNamedByItsMethod() throws {
        XCTAssertEqual(CaseName.assign(try cases("")), ["simclr"])
    }

    func testCollisionsGetAHashSuffixAndAddingCasesRenamesNothing() throws {
        let two = """
        sweep:
          cases:
            - {pretrain.trafos: [RRC]}
            - {pretrain.trafos: [{RandomResizedCrop: {crop_ratio_range: [0.3, 1.0]}}]}
        """
        let names = CaseName.assign(try cases(two))
        XCTAssertEqual(names[0], "RRC")
        XCTAssertTrue(names[1].hasPrefix("RRC-") && names[1].count == 10, names[1])
        XCTAssertNotEqual(names[0], names[1])
        // Appending cases (another collision included) leaves the existing names alone.
        let more = CaseName.assign(try cases(two + "\n    - {pretrain.trafos: [TO]}\n    - {pretrain.trafos: [{RRC: {crop_ratio_range: [0.4, 1.0]}}]}"))
        XCTAssertEqual(Array(more.prefix(2)), names)
        XCTAssertEqual(more[2], "TO")
        XCTAssertEqual(Set(more).count, 4)
    }

    func testLongCasesStopAtSixtyCharactersOnAPartBoundary() throws {
        let names = CaseName.assign(try cases("""
        sweep:
          cases:
            - {pretrain.lr: 0.001, pretrain.weight_decay: 0.0001, pretrain.epochs: 100, pretrain.batch_size: 512, pretrain.input_size: 1000, pretrain.warmup_epochs: 5, pretrain.temperature: 0.1, pretrain.out_dim: 128, data.percentage: 0.5, seed: 3}
        """))
        XCTAssertEqual(names, ["lr1e-3-wd1e-4-ep100-bs512-in1000-wu5-temp0.1-od128-pct0.5"])
        XCTAssertEqual(CaseName.join(["a" + String(repeating: "x", count: 40), String(repeating: "y", count: 30)], limit: 60),
                       "a" + String(repeating: "x", count: 40))
    }

    func testCompactNumbers() {
        XCTAssertEqual([0.001, 0.05, 0.0003, 2.5, 1e-5, 0.00025, 128, 0.5, -0.001].map(CaseName.compact),
                       ["1e-3", "0.05", "3e-4", "2.5", "1e-5", "2.5e-4", "128", "0.5", "-1e-3"])
    }

    func testProgressNamesTheMethodAndCase() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec + "sweep:\n  cases:\n    - {pretrain.trafos: [RRC, TO], evaluation.linear_eval: {epochs: 3}}\n"
                           + "    - {pretrain.trafos: [RRC, TO], evaluation.linear_eval: {epochs: 4}}\n")
        let names = StageNames(g)
        let pretrain = try XCTUnwrap(g.ordered.first { $0.kind == .pretrain })
        XCTAssertEqual(names.name(pretrain.key), "pretrain simclr RRC+TO", "shared by both cases")
        XCTAssertEqual(names.tagged(pretrain.key), "pretrain simclr RRC+TO [\(pretrain.key.prefix(8))]")
        let linear = g.ordered.filter { $0.kind == .linearEval }.map { names.name($0.key) }
        XCTAssertEqual(linear, ["linear-eval simclr RRC+TO le.ep3", "linear-eval simclr RRC+TO le.ep4"])
        XCTAssertEqual(g.displayLabel(of: pretrain.key), "pretrain simclr RRC+TO")
        let preprocess = try XCTUnwrap(g.ordered.first { $0.kind == .preprocess })
        XCTAssertEqual(names.name(preprocess.key), preprocess.label)
    }

    func testETAText() {
        XCTAssertEqual([4.4, 59.6, 725, 11_220].map(ProgressClock.duration), ["4s", "1m00s", "12m05s", "3h07m"])
    }
}
