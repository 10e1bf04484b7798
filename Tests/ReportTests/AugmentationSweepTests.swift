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

    func testOtherTablesAreNoSweep() {
        XCTAssertNil(AugmentationSweep.detect(Fixtures.main), "several methods")
        XCTAssertNil(AugmentationSweep.detect([Fixtures.entry("simclr", ["RRC", "TO"], .linear, 0.8),
                                               Fixtures.entry("simclr", ["RRC", "TO"], .finetune, 0.9)]), "one cell")
        XCTAssertNil(AugmentationSweep.detect([Fixtures.entry("simclr", ["RRC", "TO", "GN"], .linear, 0.8),
                                               Fixtures.entry("simclr", ["RRC"], .linear, 0.9)]), "three transformations")
    }
}
