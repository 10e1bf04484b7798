import ExperimentSpec
import XCTest

final class SweepTests: XCTestCase {
    let base = "method: simclr\ndata: {pretrain: [c], downstream: d}\n"

    func testGridTimesZip() throws {
        let f = try ExperimentFile.parse(yaml: base + """
            sweep:
              grid:
                pretrain.trafos: [[RRC, TO], [GN], [ChR, DTW]]
              zip:
                pretrain.lr: [0.1, 0.2]
                seed: [5, 6]
            """, file: "s.yaml")
        XCTAssertEqual(f.variants.count, 6)
        XCTAssertEqual(f.variants.map { $0.training!.pretrain!.trafos.map(\.abbreviation) },
                       [["RRC", "TO"], ["RRC", "TO"], ["GN"], ["GN"], ["ChR", "DTW"], ["ChR", "DTW"]])
        XCTAssertEqual(f.variants.map(\.seed), [5, 6, 5, 6, 5, 6])
        XCTAssertEqual(f.variants.map { $0.training!.pretrain!.lr }, [0.1, 0.2, 0.1, 0.2, 0.1, 0.2])
        XCTAssertEqual(f.variants[1].variantLabel, "pretrain.trafos=[RRC,TO],pretrain.lr=0.2,seed=6")
    }

    func testSweepIntoAListElementAndIntoAbsentBlocks() throws {
        let f = try ExperimentFile.parse(yaml: base + """
            pretrain: {trafos: [RRC, TO]}
            sweep:
              grid:
                pretrain.trafos[1]: [TO, GN]
                evaluation.finetune.lr: [0.5]
            """, file: "s.yaml")
        XCTAssertEqual(f.variants.map { $0.training!.pretrain!.trafos.map(\.abbreviation) }, [["RRC", "TO"], ["RRC", "GN"]])
        XCTAssertEqual(f.variants.map { $0.training!.evaluation.finetune!.lr }, [0.5, 0.5])
    }

    func testCasesSetSeveralFieldsAndNullRemovesOne() throws {
        let f = try ExperimentFile.parse(yaml: """
            data: {pretrain: [c], downstream: d}
            pretrain: {epochs: 5}
            sweep:
              grid:
                seed: [1, 2]
              cases:
                - {method: simclr, pretrain.trafos: [RRC, TO]}
                - {method: cpc}
                - {method: supervised, pretrain: ~}
                - {method: simclr, evaluation.use_pretrained: false, evaluation.linear_eval: true}
            """, file: "c.yaml")
        XCTAssertEqual(f.variants.count, 8)
        XCTAssertEqual(f.variants.map { $0.training!.method }, [.simclr, .cpc, .supervised, .simclr, .simclr, .cpc, .supervised, .simclr])
        XCTAssertEqual(f.variants.map(\.seed), [1, 1, 1, 1, 2, 2, 2, 2])
        XCTAssertEqual(f.variants[1].training?.pretrain?.epochs, 5)
        XCTAssertNil(f.variants[2].training?.pretrain)
        XCTAssertEqual(f.variants[2].variantLabel, "seed=1,method=supervised,pretrain=~")
        XCTAssertFalse(f.variants[3].training!.evaluation.usePretrained)
        XCTAssertThrowsError(try ExperimentFile.parse(yaml: "data: {downstream: d}\nsweep: {zip: {method: [cpc]}, cases: [{method: simclr}]}\n", file: "c.yaml")) {
            XCTAssertEqual("\($0)", "c.yaml:2:40: sweep.cases[0].method: field 'method' is swept twice")
        }
    }

    func testSweepErrors() {
        XCTAssertThrowsError(try ExperimentFile.parse(yaml: base + "sweep: {}\n", file: "s.yaml")) {
            XCTAssertEqual("\($0)", "s.yaml:3:8: sweep: a sweep needs a 'grid', a 'zip' or 'cases' with at least one field")
        }
        XCTAssertThrowsError(try ExperimentFile.parse(yaml: base + "sweep:\n  grid:\n    pretrain.trafos[5]: [[GN]]\n", file: "s.yaml")) {
            XCTAssertEqual("\($0)", "s.yaml:5:5: sweep.grid.pretrain.trafos[5]: 'pretrain.trafos[5]' does not lead to a field: the spec has a mapping on the way")
        }
        XCTAssertThrowsError(try ExperimentFile.parse(yaml: base + "sweep: {grid: {'a..b': [1]}}\n", file: "s.yaml")) {
            XCTAssertTrue("\($0)".contains("'a..b' is not a field path"), "\($0)")
        }
    }

    func testFieldPathParsing() {
        XCTAssertEqual(FieldPath(parsing: "a.b[2].c")?.components, [.key("a"), .key("b"), .index(2), .key("c")])
        XCTAssertEqual(FieldPath(parsing: "a.b[2].c")?.description, "a.b[2].c")
        XCTAssertNil(FieldPath(parsing: "a.[1]"))
        XCTAssertNil(FieldPath(parsing: "a[x]"))
        XCTAssertNil(FieldPath(parsing: ""))
    }
}
