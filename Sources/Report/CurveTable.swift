import Foundation
import Metrics

/// A study's curve as tables (label efficiency over training folds, robustness over noise levels):
/// each model's test AUC at every x, then its paired gain over the column's reference model
/// (supervised for finetuning, the random-init probe for linear evaluation) at the same x, so the
/// numbers behind the figure can be read and compared.
public enum CurveTable {
    /// One point: x, the test AUC, the gain over the reference (nil for the reference itself) and
    /// whether its training had settled (an unsettled one is marked †).
    public typealias Point = (x: Int, test: Estimate, gain: Estimate?, settled: Bool)

    /// One model's points.
    public struct Series: Sendable {
        public var name: String
        public var points: [Point]

        /// A series from its name and points.
        public init(name: String, points: [Point]) { (self.name, self.points) = (name, points) }
    }

    /// Markdown: a heading, the AUC table and, where any gain exists, the gain table.
    public static func markdown(title: String, xName: String, _ series: [Series]) -> String {
        let xs = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        let header = "| Model | " + xs.map { "\(xName) \($0)" }.joined(separator: " | ") + " |\n"
            + "|---|" + xs.map { _ in "---|" }.joined() + "\n"
        func row(_ s: Series, _ cell: (Point) -> String) -> String {
            "| \(s.name) | " + xs.map { x in s.points.first { $0.x == x }.map(cell) ?? "—" }.joined(separator: " | ") + " |\n"
        }
        var md = "\n### \(title)\n\nTest macro ROC-AUC with 95 % bootstrap intervals:\n\n" + header
        for s in series {
            md += row(s) { String(format: "%.3f [%.3f, %.3f]", $0.test.value, $0.test.lower, $0.test.upper) + ($0.settled ? "" : " †") }
        }
        if series.contains(where: { $0.points.contains { !$0.settled } }) {
            md += "\n† still improving when its epoch cap ended the run: not a converged result.\n"
        }
        let gained = series.filter { $0.points.contains { $0.gain != nil } }
        if !gained.isEmpty {
            md += "\nPaired gain over the reference at the same \(xName) (supervised for finetuning, the random-init probe for linear evaluation), bold where the interval excludes 0:\n\n" + header
            for s in gained {
                md += row(s) { p in
                    guard let g = p.gain else { return "—" }
                    let text = String(format: "%+.3f [%+.3f, %+.3f]", g.value, g.lower, g.upper)
                    return g.lower > 0 || g.upper < 0 ? "**\(text)**" : text
                }
            }
        }
        return md
    }
}
