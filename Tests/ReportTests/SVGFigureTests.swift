import Foundation
import XCTest
@testable import Report

/// Every figure the report writes, judged by independent tools: librsvg renders it, and the
/// layout oracle measures its texts with the named font's real metrics.
final class SVGFigureTests: XCTestCase {
    /// The figures written once per test process, and the oracle's findings on them.
    static let written: Result<(dir: URL, reports: [String: SVGLayoutOracle.Report]), Error> = Result {
        let dir = try ExternalTool.scratch("svg")
        var urls: [URL] = []
        for (name, svg) in Fixtures.figures.sorted(by: { $0.key < $1.key }) {
            let u = dir.appendingPathComponent(name)
            try svg.write(to: u, atomically: true, encoding: .utf8)
            urls.append(u)
        }
        return (dir, try SVGLayoutOracle.measure(urls))
    }

    func reports() throws -> [String: SVGLayoutOracle.Report] {
        let r = try Self.written.get().reports
        XCTAssertEqual(Set(r.keys), Set(Fixtures.figures.keys), "the oracle measured every figure")
        return r
    }

    func testEveryFigureRendersWithLibrsvg() throws {
        let dir = try Self.written.get().dir
        for name in Fixtures.figures.keys.sorted() {
            let png = dir.appendingPathComponent(name + ".png")
            try ExternalTool.run("rsvg-convert", package: "librsvg2-bin", ["-o", png.path, dir.appendingPathComponent(name).path])
            let data = try Data(contentsOf: png)
            XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name): a PNG")
            // IHDR: width and height, big-endian, must be the SVG's own size.
            let be: (Int) -> Int = { o in data[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
            let svg = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let size = try XCTUnwrap(svg.firstMatch(of: #/width="(\d+)" height="(\d+)"/#), name)
            XCTAssertEqual(be(16), Int(size.1), "\(name): rendered width")
            XCTAssertEqual(be(20), Int(size.2), "\(name): rendered height")
        }
    }

    func testSVGNamesAFontThatIsInstalled() throws {
        for (name, r) in try reports() {
            XCTAssertEqual(r.family, FontMetrics.dejaVuSans.family, "\(name) names its font")
            XCTAssertEqual(r.matched, r.family, "\(name): fontconfig resolves '\(r.family)' to \(r.path), another family: `make test` installs fonts-dejavu-core")
            XCTAssertEqual(r.missingGlyphs, [], "\(name): characters the font lacks")
            XCTAssertGreaterThan(r.texts, 5, "\(name) has texts")
        }
    }

    func testTextsDoNotOverlapEachOtherThePlotOrTheCanvasEdge() throws {
        for (name, r) in try reports().sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(r.overlaps.map { $0.joined(separator: " ⨯ ") }, [], "\(name): overlapping texts")
            XCTAssertEqual(r.outside, [], "\(name): texts beyond the canvas")
            XCTAssertEqual(r.onPlot, [], "\(name): labels on a plot area")
        }
    }

    func testCountAxesHaveIntegerTicks() throws {
        let r = try reports()
        for name in Fixtures.countAxes.sorted() {
            let ticks = try XCTUnwrap(r[name]).xTicks
            XCTAssertGreaterThanOrEqual(ticks.count, 3, name)
            for t in ticks { XCTAssertNotNil(Int(t), "\(name): x tick '\(t)' is not an integer") }
        }
        XCTAssertEqual(r["label_efficiency.svg"]?.xTicks, ["1", "2", "4", "8"])
        XCTAssertEqual(r["noise.svg"].map { Set($0.xTicks).isSuperset(of: ["0", "6"]) }, true)
    }

    func testValueAxesOfNonNegativeQuantitiesStartAtOrAboveZero() throws {
        let r = try reports()
        for name in Fixtures.nonNegative.sorted() {
            let report = try XCTUnwrap(r[name])
            XCTAssertFalse(report.yBottoms.isEmpty, "\(name): y ticks found")
            for (b, perPixel) in zip(report.yBottoms, report.yPerPixel) {
                XCTAssertGreaterThanOrEqual(b, -0.15 * perPixel, "\(name): y axis starts below 0 (beyond the 0.1 px rounding)")
            }
        }
    }

    func testPretrainingLossesOfDifferentScalesGetOnePanelEach() throws {
        let loss = try XCTUnwrap(try reports()["pretrain_loss.svg"])
        XCTAssertEqual(loss.plotAreas, 2)
        // SimCLR's panel spans its own values (~1–4), CPC's its own (~900–1100).
        let tops = loss.yTops.sorted()
        XCTAssertEqual(tops.count, 2)
        XCTAssertLessThan(tops[0], 10)
        XCTAssertGreaterThan(tops[1], 1000)
        XCTAssertEqual(try reports()["val_auc.svg"]?.plotAreas, 1, "similar scales share one plot")
    }

    func testBandsAreDrawnForIntervals() throws {
        for name in ["label_efficiency.svg", "noise.svg"] {
            XCTAssertEqual(Fixtures.figures[name]!.components(separatedBy: "class=\"band\"").count - 1, 2, name)
        }
    }

    func testHeatmapIsALowerTriangleWithEveryValuePrinted() throws {
        let sweep = try XCTUnwrap(AugmentationSweep.detect(Fixtures.pairEntries))
        let svg = Fixtures.figures["augmentations.svg"]!
        XCTAssertEqual(svg.components(separatedBy: "class=\"cell\"").count - 1, 55)
        for row in sweep.values { for v in row { XCTAssertTrue(svg.contains(">\(String(format: "%.3f", v!))</text>")) } }
        XCTAssertTrue(svg.contains("url(#scale)"), "a colour scale")
    }
}
