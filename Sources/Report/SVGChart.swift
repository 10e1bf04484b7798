import Foundation

/// One named series of (x, y) points, optionally with an interval per point.
public struct Series: Sendable {
    /// Legend label.
    public var name: String
    /// Points in drawing order.
    public var points: [(x: Double, y: Double)]
    /// Optional (lower, upper) per point, drawn as a band (or an error bar for a single point).
    public var intervals: [(lower: Double, upper: Double)]?

    /// A series from its points and optional intervals.
    public init(name: String, points: [(x: Double, y: Double)], intervals: [(lower: Double, upper: Double)]? = nil) {
        precondition(intervals == nil || intervals!.count == points.count,
                     "Series \(name): \(points.count) points but \(intervals!.count) intervals")
        self.name = name
        self.points = points
        self.intervals = intervals
    }
}

/// Self-contained SVG charts (no scripts, one named font) for reports.
public enum SVGChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    /// A line chart; see `LineChart` for axes that know their quantity and for small multiples.
    public static func lines(title: String, x: Axis, y: Axis, series: [Series], layout: PanelLayout = .automatic) -> String {
        LineChart(title: title, x: x, y: y, series: series, layout: layout).svg()
    }

    /// A line chart with plain axes (x a count, y as the data say).
    public static func lines(title: String, xLabel: String, yLabel: String, series: [Series]) -> String {
        lines(title: title, x: .count(xLabel), y: Axis(label: yLabel), series: series)
    }

    /// A bar chart with one bar per label and optional interval whiskers; "\n" in a label breaks it.
    public static func bars(title: String, y: Axis, labels: [String], values: [Double],
                            intervals: [(lower: Double, upper: Double)]? = nil) -> String {
        BarChart(title: title, y: y, labels: labels, values: values, intervals: intervals).svg()
    }

    static func errorBar(x: Double, lo: Double, hi: Double, color: String) -> String {
        "<path d=\"M\(SVG.n(x)),\(SVG.n(lo)) V\(SVG.n(hi)) M\(SVG.n(x - 4)),\(SVG.n(lo)) H\(SVG.n(x + 4)) M\(SVG.n(x - 4)),\(SVG.n(hi)) H\(SVG.n(x + 4))\" stroke=\"\(color)\" fill=\"none\"/>\n"
    }
}
