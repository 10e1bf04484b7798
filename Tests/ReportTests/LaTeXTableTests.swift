import Foundation
import Metrics
import XCTest
@testable import Report

/// results.tex is judged by pdflatex (it must compile, with booktabs) and by the numbers
/// pdftotext reads back from the PDF, compared with results.csv.
final class LaTeXTableTests: XCTestCase {
    func testEscapesLaTeXSpecials() {
        XCTAssertEqual(LaTeXTable.escape(##"a_b & 50% $x #1 {y} ~ ^ \ — −"##),
                       ##"a\_b \& 50\% \$x \#1 \{y\} \textasciitilde{} \textasciicircum{} \textbackslash{} --- $-$"##)
    }

    func testHasBooktabsRulesAndOneLinePerMarkdownRow() {
        let tex = ResultsTable.latex(Fixtures.main, title: "demo")
        for rule in ["\\toprule", "\\midrule", "\\bottomrule"] { XCTAssertEqual(tex.components(separatedBy: rule).count, 2, rule) }
        let md = ResultsTable.markdown(Fixtures.main, title: "demo").split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Method") }
        let body = tex.components(separatedBy: "\\midrule\n")[1].components(separatedBy: "\\bottomrule")[0]
        XCTAssertEqual(body.split(separator: "\n").count, md.count)
        XCTAssertTrue(tex.contains("Gauss\\_Noise\\&50\\%, TO"))
    }

    /// (value, lower, upper) triples, rounded as the tables print them.
    typealias Triple = [String]

    static func csvTriples(_ csv: String) -> [Triple] {
        csv.split(separator: "\n").dropFirst().map { line -> Triple in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            // The augmentations column can hold no commas (joined with '+'): fields 3-5 are the AUC and CI.
            return f[3...5].map { String(format: "%.3f", Double($0)!) }
        }
    }

    static func pdfTriples(_ text: String) -> [Triple] {
        text.matches(of: #/(\d\.\d{3}) \[(\d\.\d{3}), (\d\.\d{3})\]/#).map { [String($0.1), String($0.2), String($0.3)] }
    }

    func compile(_ tex: String, name: String) throws -> String {
        let dir = try ExternalTool.scratch("latex-\(name)")
        try tex.write(to: dir.appendingPathComponent("results.tex"), atomically: true, encoding: .utf8)
        let doc = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n\\usepackage[margin=1cm,landscape]{geometry}\n\\begin{document}\n\\input{results.tex}\n\\end{document}\n"
        try doc.write(to: dir.appendingPathComponent("doc.tex"), atomically: true, encoding: .utf8)
        try ExternalTool.run("pdflatex", package: "texlive-latex-recommended",
                             ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"], in: dir)
        return try ExternalTool.run("pdftotext", package: "poppler-utils", ["-layout", "doc.pdf", "-"], in: dir)
    }

    func testCompilesWithPdflatexAndShowsTheCSVNumbers() throws {
        let text = try compile(ResultsTable.latex(Fixtures.main, title: "Results (label set 'all', 5 classes)"), name: "main")
        let csv = ResultsTable.csv(Fixtures.main)
        XCTAssertEqual(Self.pdfTriples(text).sorted { $0.lexicographicallyPrecedes($1) },
                       Self.csvTriples(csv).sorted { $0.lexicographicallyPrecedes($1) })
        // Each pretrained linear row's gain, recomputed from the CSV against the random-init probe.
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let base = try XCTUnwrap(rows.first { $0[0] == "random-init" && $0[2] == "linear-eval" }.map { Double($0[3])! })
        let normalized = text.replacingOccurrences(of: "\u{2212}", with: "-")
        for r in rows where r[0] != "random-init" && r[2] == "linear-eval" {
            let gain = String(format: "%+.3f", Double(r[3])! - base)
            XCTAssertTrue(normalized.contains(gain) || normalized.contains(gain.replacingOccurrences(of: "-", with: "- ")),
                          "gain \(gain) of \(r[0]) in the PDF")
        }
        XCTAssertTrue(text.contains("Gauss_Noise&50%"), "escaped text reads back literally")
        XCTAssertTrue(text.contains("random init (baseline)"))
    }

    func testCombinedTableCompilesAndCarriesEveryExperimentsNumbers() throws {
        let other = Fixtures.main.filter { $0.method != "byol" }.map { e -> ResultEntry in
            var e = e
            e.test.value -= 0.05; e.test.lower -= 0.05; e.test.upper -= 0.05
            return e
        }
        let experiments = [ExperimentResults(name: "demo", entries: Fixtures.main), ExperimentResults(name: "paper_cpc", entries: other)]
        let text = try compile(CombinedTable.latex(experiments, caption: "Combined results"), name: "combined")
        let csv = CombinedTable.csv(experiments)
        let triples = csv.split(separator: "\n").dropFirst().map { line -> Triple in
            line.split(separator: ",", omittingEmptySubsequences: false)[4...6].map { String(format: "%.3f", Double($0)!) }
        }
        XCTAssertEqual(Self.pdfTriples(text).sorted { $0.lexicographicallyPrecedes($1) }, triples.sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertTrue(text.contains("paper_cpc"))
        let md = CombinedTable.markdown(experiments, title: "Combined")
        XCTAssertTrue(md.contains("| Experiment | Method |"))
        XCTAssertEqual(md.split(separator: "\n").filter { $0.hasPrefix("| demo ") }.count, 5)
        XCTAssertEqual(md.split(separator: "\n").filter { $0.hasPrefix("| paper_cpc ") }.count, 4)
    }
}
