import Foundation

/// Whether series share one plot or get one panel each.
public enum PanelLayout: Sendable {
    /// Small multiples when the series' scales differ by more than `LineChart.scaleRatio`, else one plot.
    case automatic
    case overlay
    case smallMultiples
}

/// A line chart of named series with optional interval bands, as one plot with a legend or as
/// small multiples (one panel per series) when their scales differ too much to share an axis.
public struct LineChart: Sendable {
    /// Largest ratio of series magnitudes that still shares one y axis.
    public static let scaleRatio = 10.0

    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [Series]
    public var layout: PanelLayout
    /// Size of the single plot (overlay) or of each panel (small multiples), legend excluded.
    public var width, height: Double

    /// A chart from its parts.
    public init(title: String, x: Axis, y: Axis, series: [Series], layout: PanelLayout = .automatic,
                width: Double? = nil, height: Double? = nil) {
        (self.title, self.x, self.y, self.series, self.layout) = (title, x, y, series, layout)
        let multiples = layout == .smallMultiples || (layout == .automatic && Self.scalesDiffer(series))
        self.width = width ?? (multiples ? 300 : 560)
        self.height = height ?? (multiples ? 240 : 380)
    }

    /// True when the largest series magnitude exceeds the smallest by more than `scaleRatio`.
    public static func scalesDiffer(_ series: [Series]) -> Bool {
        let m = series.compactMap { s -> Double? in
            let v = s.points.map { abs($0.y) }.filter { $0.isFinite }.max()
            return v.flatMap { $0 > 0 ? $0 : nil }
        }
        guard let lo = m.min(), let hi = m.max() else { return false }
        return hi / lo > scaleRatio
    }

    /// One panel per series.
    public var usesSmallMultiples: Bool {
        series.count > 1 && (layout == .smallMultiples || (layout == .automatic && Self.scalesDiffer(series)))
    }

    /// The SVG document, laid out with `font`'s metrics and naming it.
    public func svg(font: FontMetrics = .dejaVuSans) -> String {
        let titleSize = 14.0
        let titleH = font.lineHeight(size: titleSize) + 8
        let titleW = font.width(title, size: titleSize) + 16
        var body = "", texts: [TextItem] = []
        let canvasW: Double, canvasH: Double
        if usesSmallMultiples {
            let cols = series.count == 4 ? 2 : min(series.count, 3)
            let rows = (series.count + cols - 1) / cols
            let pw = max(width, (series.map { font.width($0.name, size: Panel.titleSize) }.max() ?? 0) + 90)
            canvasW = max(Double(cols) * pw, titleW)
            canvasH = titleH + Double(rows) * height
            for (i, s) in series.enumerated() {
                let frame = Rect(x: Double(i % cols) * pw, y: titleH + Double(i / cols) * height, width: pw, height: height)
                let color = SVGChart.palette[i % SVGChart.palette.count]
                let (svg, t) = Self.panel([s], colors: [color], title: s.name, titleColor: color, frame: frame, x: x, y: y, font: font)
                body += svg; texts += t
            }
        } else {
            let legend = Legend(entries: series.enumerated().map { ($0.element.name, SVGChart.palette[$0.offset % SVGChart.palette.count]) })
            // Even one series gets a legend entry: the name says which method the curve is.
            let lw = legend.width(font)
            canvasW = max(width + lw, titleW)
            canvasH = titleH + max(height, legend.height + 40)
            let frame = Rect(x: 0, y: titleH, width: canvasW - lw, height: canvasH - titleH)
            let colors = series.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
            let (svg, t) = Self.panel(series, colors: colors, title: nil, titleColor: nil, frame: frame, x: x, y: y, font: font)
            body += svg; texts += t
            if lw > 0 {
                let (ls, lt) = legend.draw(x: frame.maxX + 4, y: titleH + 4, font: font)
                body += ls; texts += lt
            }
        }
        texts.append(TextItem(text: title, x: canvasW / 2, y: 4 + font.ascent(size: titleSize), size: titleSize,
                              anchor: .middle, role: "title"))
        return SVG.document(width: canvasW, height: canvasH, font: font, body: body + texts.map(\.svg).joined())
    }

    /// One plot area with `series` drawn in `colors`.
    static func panel(_ series: [Series], colors: [String], title: String?, titleColor: String?, frame: Rect,
                      x: Axis, y: Axis, font: FontMetrics) -> (String, [TextItem]) {
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { s in s.points.map(\.y) + (s.intervals ?? []).flatMap { [$0.lower, $0.upper] } }
        let p = Panel.layout(frame: frame, hasTitle: title != nil, xAxis: x, xValues: xs, yAxis: y, yValues: ys, font: font)
        var (svg, texts) = p.decorations(title: title, titleColor: titleColor, xLabel: x.label, yLabel: y.label,
                                         frame: frame, font: font)
        for (s, color) in zip(series, colors) {
            if let iv = s.intervals, s.points.count > 1 {
                // The band: upper bounds left to right, then lower bounds back.
                let upper = zip(s.points, iv).map { (p.px($0.x), p.py($1.upper)) }
                let lower = zip(s.points, iv).map { (p.px($0.x), p.py($1.lower)) }.reversed()
                svg += "<polygon class=\"band\" points=\"\(SVG.points(upper + lower))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            }
            let pts = s.points.map { (p.px($0.x), p.py($0.y)) }
            svg += "<polyline points=\"\(SVG.points(pts))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            if pts.count <= 40 {
                for (cx, cy) in pts { svg += "<circle cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"3\" fill=\"\(color)\"/>\n" }
            }
            if let iv = s.intervals, s.points.count == 1 {
                svg += SVGChart.errorBar(x: pts[0].0, lo: p.py(iv[0].lower), hi: p.py(iv[0].upper), color: color)
            }
        }
        return (svg, texts)
    }
}
