import XCTest
@testable import Report

final class AugmentationSweepTests: XCTestCase {
    func testOrderedPairsFoldIntoALowerTriangleOfMeans() throws {
        let s = try XCTUnwrap(AugmentationSweep.detect(Fixtures.pairEntries))
        XCTAssertEqual(s.method, "simclr")
        XCTAssertEqual(s.evaluation, .linear)
        XCTAssertEqual(s.transformations, Fixtures.transformations)
        XCTAssertEqual(s.values.map(\.count), Array(1...10))
        // Cell (3, 1): mean of (TO, GaussianBlur) and (GaussianBlur, TO).
        let expected = ((0.75 + 0.03 + 0.004) + (0.75 + 0.01 + 0.012)) / 2
        XCTAssertEqual(try XCTUnwrap(s.values[3][1]), expected, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(s.values[2][2]), 0.75 + 0.02 + 0.008, accuracy: 1e-12)
    }

    func testSingleTransformationsFillTheDiagonal() throws {
        let e = [Fixtures.entry("simclr", ["RRC"], .linear, 0.8), Fixtures.entry("simclr", ["TO"], .linear, 0.7),
                 Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.85)]
        let s = try XCTUnwrap(AugmentationSweep.detect(e))
        XCTAssertEqual(s.values, [[0.8], [0.85, 0.7]])
    }

    /// Three pretraining seeds of one cell: the cell shows their mean, its sample standard
    /// deviation and count; single-run cells have none, and the figure prints the spread.
    func testRepeatedSeedsGiveTheCellAMeanAndASpread() throws {
        let e = [Fixtures.entry("simclr", ["RRC"], .linear, 0.80), Fixtures.entry("simclr", ["TO"], .linear, 0.70),
                 Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.84), Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.86),
                 Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.88)]
        let s = try XCTUnwrap(AugmentationSweep.detect(e))
        XCTAssertEqual(try XCTUnwrap(s.values[1][0]), 0.86, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(s.spreads[1][0]), 0.02, accuracy: 1e-12, "sd of 0.84, 0.86, 0.88 with n − 1")
        XCTAssertEqual(s.counts, [[1], [3, 1]])
        XCTAssertNil(s.spreads[0][0])
        let svg = ReportFigures.augmentations(s)
        XCTAssertTrue(svg.contains(">±0.020 n=3</text>"), "the spread is on the figure")
        XCTAssertEqual(svg.components(separatedBy: "class=\"cell-note\"").count - 1, 1)
        XCTAssertTrue(svg.contains("mean ± sd"))
    }

    func testOtherTablesAreNoSweep() {
        XCTAssertNil(AugmentationSweep.detect(Fixtures.main), "several methods")
        XCTAssertNil(AugmentationSweep.detect([Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.8),
                                               Fixtures.entry("simclr", ["RRC", "TO"], .finetune, 0.9)]), "one cell")
        XCTAssertNil(AugmentationSweep.detect([Fixtures.entry("simclr", ["RRC", "TO", "GN"], .linear, 0.8),
                                               Fixtures.entry("simclr", ["RRC"], .linear, 0.9)]), "three transformations")
    }
}
