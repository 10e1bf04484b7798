import Foundation
import XCTest
import TestSupport
@testable import Report

final class FontMetricsTests: XCTestCase {
    /// The committed table matches the installed TTF (regenerate with scripts/generate-font-widths.py if not).
    func testEmbeddedWidthsMatchTheInstalledFont() throws {
        let path = try ExternalTool.run("fc-match", package: "fontconfig", ["DejaVu Sans", "--format=%{file}"])
        let script = """
        import json, sys
        from fontTools.ttLib import TTFont
        f = TTFont(sys.argv[1]); cmap = f.getBestCmap()
        print(json.dumps({"upm": f["head"].unitsPerEm, "asc": f["hhea"].ascent, "desc": f["hhea"].descent,
                          "w": {str(int(c)): f["hmtx"][cmap[int(c)]][0] for c in sys.argv[2:] if int(c) in cmap}}))
        """
        let m = FontMetrics.dejaVuSans
        let out = try PythonOracle.run(script, arguments: [path] + m.advances.keys.map { String($0) })
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(j["upm"] as? Int, m.unitsPerEm)
        XCTAssertEqual(j["asc"] as? Int, m.ascender)
        XCTAssertEqual(j["desc"] as? Int, m.descender)
        let w = try XCTUnwrap(j["w"] as? [String: Int])
        XCTAssertEqual(w.count, m.advances.count)
        for (c, a) in m.advances { XCTAssertEqual(w[String(c)], a, "U+\(String(c, radix: 16))") }
    }

    func testWidthSumsAdvances() {
        let m = FontMetrics.dejaVuSans
        XCTAssertEqual(m.width("10", size: 2048), 2 * 1303)
        XCTAssertEqual(m.width("\u{1F600}", size: 2048), Double(m.fallbackAdvance), "unknown characters count as the widest")
    }
}
