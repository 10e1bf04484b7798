import Foundation

/// One plot panel: the plot area, its fitted axes and the texts around it, laid out with real
/// font metrics so tick labels, axis titles and the panel title never collide.
struct Panel {
    static let tickSize = 10.0, labelSize = 12.0, titleSize = 12.0, gap = 4.0
    /// Points keep this distance from the plot's left and right edges (markers stay inside).
    static let inset = 8.0

    var plot: Rect
    var x: FittedAxis
    var y: FittedAxis
    /// Category labels under the x axis (bar charts), one entry of lines per category.
    var categories: [[String]]?

    func px(_ v: Double) -> Double {
        if categories != nil { return plot.x + (v - x.lo) / (x.hi - x.lo) * plot.width }
        return plot.x + Self.inset + x.fraction(v) * (plot.width - 2 * Self.inset)
    }
    func py(_ v: Double) -> Double { plot.maxY - y.fraction(v) * plot.height }

    /// Lays a panel out inside `frame`, fitting `xAxis` to `xValues` (unpadded: points at the
    /// ends) and `yAxis` to `yValues` (padded, snapped to ticks), or categories along x.
    static func layout(frame: Rect, hasTitle: Bool, xAxis: Axis, xValues: [Double], yAxis: Axis, yValues: [Double],
                       categories: [[String]]? = nil, font: FontMetrics) -> Panel {
        let tickH = font.lineHeight(size: tickSize), labelH = font.lineHeight(size: labelSize)
        // The top y tick label reaches half a line above the plot; the title sits above that.
        let top = frame.y + (hasTitle ? font.lineHeight(size: titleSize) + 2 * gap : gap) + tickH / 2
        let xLines = categories.map { Double($0.map(\.count).max() ?? 1) } ?? 1
        let bottomBand = 2 * gap + xLines * tickH + (xAxis.label.isEmpty ? 0 : gap + labelH) + gap
        let height = max(40, frame.maxY - bottomBand - top)
        let yFit = Ticks.fit(yAxis, values: yValues, padded: true) { a in
            let spacing = a.ticks.count < 2 ? height : height * (a.fraction(a.ticks[1]) - a.fraction(a.ticks[0]))
            return a.ticks.count <= 8 && spacing >= tickH + 6
        }
        let yTickW = yFit.labels.map { font.width($0, size: tickSize) }.max() ?? 0
        let left = frame.x + gap + (yAxis.label.isEmpty ? 0 : labelH + gap) + yTickW + 2 * gap
        var right = frame.maxX - gap
        if let categories {
            let n = Double(categories.count)
            let fitted = FittedAxis(lo: -0.5, hi: n - 0.5, ticks: (0..<categories.count).map(Double.init),
                                    labels: [], scale: .linear)
            return Panel(plot: Rect(x: left, y: top, width: max(40, right - left), height: height), x: fitted, y: yFit,
                         categories: categories)
        }
        var panel = Panel(plot: Rect(x: left, y: top, width: 0, height: height), x: FittedAxis(lo: 0, hi: 1, ticks: [], labels: [], scale: .linear), y: yFit)
        // Two passes: the last x label may need the right margin to grow.
        for _ in 0..<2 {
            panel.plot.width = max(40, right - left)
            let usable = panel.plot.width - 2 * inset
            panel.x = Ticks.fit(xAxis, values: xValues, padded: false) { probe in
                let t = probe.ticks
                guard t.count <= 12 else { return false }
                let w = probe.labels.map { font.width($0, size: tickSize) }
                for i in t.indices.dropLast() {
                    let room: Double = (probe.fraction(t[i + 1]) - probe.fraction(t[i])) * usable
                    if room < (w[i] + w[i + 1]) / 2 + 6 { return false }
                }
                return true
            }
            let lastW = panel.x.labels.last.map { font.width($0, size: tickSize) } ?? 0
            let overhang = panel.px(panel.x.ticks.last ?? panel.x.hi) + lastW / 2 - (frame.maxX - 2)
            if overhang <= 0 { break }
            right -= overhang + 1
        }
        return panel
    }

    /// Axis lines, grid, tick marks and every text of the panel.
    func decorations(title: String?, titleColor: String? = nil, xLabel: String, yLabel: String,
                     frame: Rect, font: FontMetrics) -> (svg: String, texts: [TextItem]) {
        var s = SVG.rect(plot, fill: "none", extra: " class=\"plot-area\"")
        var texts: [TextItem] = []
        let tAsc = font.ascent(size: Self.tickSize), tDesc = font.descent(size: Self.tickSize)
        for (v, l) in zip(y.ticks, y.labels) {
            let yy = py(v)
            s += SVG.line(plot.x, yy, plot.maxX, yy, stroke: "#e4e4e4")
            s += SVG.line(plot.x - Self.gap, yy, plot.x, yy, stroke: "#333")
            texts.append(TextItem(text: l, x: plot.x - 2 * Self.gap, y: yy + (tAsc - tDesc) / 2, size: Self.tickSize,
                                  anchor: .end, role: "y-tick"))
        }
        let xBase = plot.maxY + 2 * Self.gap + tAsc
        let tickH = font.lineHeight(size: Self.tickSize)
        if let categories {
            for (i, lines) in categories.enumerated() {
                for (k, line) in lines.enumerated() {
                    texts.append(TextItem(text: line, x: px(Double(i)), y: xBase + Double(k) * tickH, size: Self.tickSize,
                                          anchor: .middle, role: "category"))
                }
            }
        } else {
            for (v, l) in zip(x.ticks, x.labels) {
                s += SVG.line(px(v), plot.maxY, px(v), plot.maxY + Self.gap, stroke: "#333")
                texts.append(TextItem(text: l, x: px(v), y: xBase, size: Self.tickSize, anchor: .middle, role: "x-tick"))
            }
        }
        s += "<path d=\"M\(SVG.n(plot.x)),\(SVG.n(plot.y)) V\(SVG.n(plot.maxY)) H\(SVG.n(plot.maxX))\" stroke=\"#333\" fill=\"none\"/>\n"
        let lines = Double(categories.map { $0.map(\.count).max() ?? 1 } ?? 1)
        if !xLabel.isEmpty {
            let yy = plot.maxY + 2 * Self.gap + lines * tickH + Self.gap + font.ascent(size: Self.labelSize)
            texts.append(TextItem(text: xLabel, x: plot.x + plot.width / 2, y: yy, size: Self.labelSize, anchor: .middle,
                                  role: "axis-label"))
        }
        if !yLabel.isEmpty {
            texts.append(TextItem(text: yLabel, x: frame.x + Self.gap + font.ascent(size: Self.labelSize),
                                  y: plot.y + plot.height / 2, size: Self.labelSize, anchor: .middle, vertical: true,
                                  role: "axis-label"))
        }
        if let title {
            texts.append(TextItem(text: title, x: plot.x + plot.width / 2, y: frame.y + Self.gap + font.ascent(size: Self.titleSize),
                                  size: Self.titleSize, anchor: .middle, role: "panel-title", fill: titleColor))
        }
        return (s, texts)
    }
}
