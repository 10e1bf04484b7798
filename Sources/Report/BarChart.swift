import Foundation

/// Bars with interval whiskers and each value printed above its bar; slots are as wide as the
/// widest category label needs.
public struct BarChart: Sendable {
    public var title: String
    public var y: Axis
    /// Category labels; "\n" splits one into lines.
    public var labels: [String]
    public var values: [Double]
    public var intervals: [(lower: Double, upper: Double)]?

    /// A chart from its parts.
    public init(title: String, y: Axis, labels: [String], values: [Double], intervals: [(lower: Double, upper: Double)]? = nil) {
        precondition(labels.count == values.count, "BarChart: \(labels.count) labels but \(values.count) values")
        precondition(intervals == nil || intervals!.count == values.count, "BarChart: intervals do not match values")
        (self.title, self.y, self.labels, self.values, self.intervals) = (title, y, labels, values, intervals)
    }

    /// The SVG document, laid out with `font`'s metrics and naming it.
    public func svg(font: FontMetrics = .dejaVuSans) -> String {
        let titleSize = 14.0, valueSize = 10.0
        let lines = labels.map { $0.components(separatedBy: "\n") }
        let valueText = values.map { String(format: "%.3f", $0) }
        let widest = (lines.flatMap { $0 }.map { font.width($0, size: Panel.tickSize) } + valueText.map { font.width($0, size: valueSize) }).max() ?? 0
        let slot = max(64, widest + 14)
        let titleH = font.lineHeight(size: titleSize) + 8
        // Room above the highest whisker for its value label.
        let valueH = font.lineHeight(size: valueSize) + 4
        let plotW = slot * Double(max(values.count, 1))
        let canvasH = 360 + Double((lines.map(\.count).max() ?? 1) - 1) * font.lineHeight(size: Panel.tickSize)
        let frame = Rect(x: 0, y: titleH + valueH, width: plotW + 200, height: canvasH - titleH - valueH)
        let tops = zip(values.indices, values).map { i, v in max(v, intervals?[i].upper ?? v) }
        let bottoms = zip(values.indices, values).map { i, v in min(v, intervals?[i].lower ?? v) }
        var panel = Panel.layout(frame: frame, hasTitle: false, xAxis: Axis(label: ""), xValues: [], yAxis: y,
                                 yValues: tops + bottoms, categories: lines, font: font)
        // Bars keep their slot width; the plot is centred in what the canvas leaves.
        panel.plot.width = plotW
        let canvasW = max(panel.plot.maxX + 8, font.width(title, size: titleSize) + 16, 320)
        var (body, texts) = panel.decorations(title: nil, xLabel: "", yLabel: y.label, frame: frame, font: font)
        for (i, v) in values.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            let cx = panel.px(Double(i)), w = slot * 0.6
            let top = panel.py(max(v, panel.y.lo)), base = panel.py(panel.y.lo)
            body += SVG.rect(Rect(x: cx - w / 2, y: top, width: w, height: base - top), fill: color, extra: " opacity=\"0.8\"")
            if let iv = intervals?[i] { body += SVGChart.errorBar(x: cx, lo: panel.py(iv.lower), hi: panel.py(iv.upper), color: "#222") }
            texts.append(TextItem(text: valueText[i], x: cx, y: panel.py(tops[i]) - 4 - font.descent(size: valueSize),
                                  size: valueSize, anchor: .middle, role: "value"))
        }
        texts.append(TextItem(text: title, x: canvasW / 2, y: 4 + font.ascent(size: titleSize), size: titleSize,
                              anchor: .middle, role: "title"))
        return SVG.document(width: canvasW, height: canvasH, font: font, body: body + texts.map(\.svg).joined())
    }
}
