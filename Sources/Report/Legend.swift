/// A column of swatch + name entries placed beside a plot, sized from the names' real widths.
struct Legend {
    static let size = 11.0, swatch = 16.0, rowHeight = 18.0

    var entries: [(name: String, color: String)]

    func width(_ font: FontMetrics) -> Double {
        let widest = entries.map { font.width($0.name, size: Self.size) }.max() ?? 0
        return entries.isEmpty ? 0 : Self.swatch + 6 + widest + 12
    }
    var height: Double { Double(entries.count) * Self.rowHeight }

    /// The legend with its top-left corner at (x, y).
    func draw(x: Double, y: Double, font: FontMetrics) -> (svg: String, texts: [TextItem]) {
        var s = "", texts: [TextItem] = []
        let asc = font.ascent(size: Self.size), desc = font.descent(size: Self.size)
        for (i, e) in entries.enumerated() {
            let mid = y + (Double(i) + 0.5) * Self.rowHeight
            s += SVG.line(x, mid, x + Self.swatch, mid, stroke: e.color, width: 3)
            texts.append(TextItem(text: e.name, x: x + Self.swatch + 6, y: mid + (asc - desc) / 2, size: Self.size, role: "legend"))
        }
        return (s, texts)
    }
}
