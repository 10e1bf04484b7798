import Foundation

/// A lower-triangle heatmap (diagonal included) of values per pair of names, each cell's value
/// printed in it and a colour scale beside it: the augmentation-pair study's figure.
public struct Heatmap: Sendable {
    public var title: String
    public var subtitle: String
    /// Row and column names, in order.
    public var names: [String]
    /// `values[i][j]` for j ≤ i; nil cells are drawn empty.
    public var values: [[Double?]]
    /// A second, smaller line under a cell's value (e.g. "±0.020 n=3"); nil for none.
    public var notes: [[String?]]
    /// Title of the colour scale.
    public var scaleLabel: String

    /// A heatmap from its parts.
    public init(title: String, subtitle: String = "", names: [String], values: [[Double?]], notes: [[String?]]? = nil,
                scaleLabel: String) {
        precondition(values.count == names.count && values.indices.allSatisfy { values[$0].count == $0 + 1 },
                     "Heatmap: values must be a lower triangle of \(names.count) rows")
        (self.title, self.subtitle, self.names, self.values, self.scaleLabel) = (title, subtitle, names, values, scaleLabel)
        self.notes = notes ?? values.map { $0.map { _ in nil } }
        precondition(self.notes.map(\.count) == values.map(\.count), "Heatmap: notes must match values")
    }

    /// The heatmap of an augmentation sweep's test AUCs.
    public init(_ sweep: AugmentationSweep) {
        let eval = sweep.evaluation == .linear ? "linear evaluation" : "finetuning"
        let repeated = sweep.counts.joined().contains { $0 > 1 }
        let notes = zip(sweep.spreads, sweep.counts).map { spreads, counts in
            zip(spreads, counts).map { sd, n in sd.map { String(format: "±%.3f n=%d", $0, n) } }
        }
        self.init(title: "\(ResultsTable.displayName(sweep.method)): pairs of transformations",
                  subtitle: "test macro AUC after \(eval)" + (repeated
                      ? "; a cell with several runs (pretraining seeds, a pair's two orders) shows mean ± sd"
                      : "; a pair's two orders share a cell (mean)"),
                  names: sweep.transformations, values: sweep.values, notes: notes, scaleLabel: "test macro AUC")
    }

    /// The SVG document, laid out with `font`'s metrics and naming it.
    public func svg(font: FontMetrics = .dejaVuSans) -> String {
        let titleSize = 14.0, subSize = 11.0, labelSize = 11.0, valueSize = 10.0, noteSize = 7.0, tickSize = Panel.tickSize
        let text = values.map { $0.map { $0.map { String(format: "%.3f", $0) } ?? "—" } }
        let valueW = max(text.joined().map { font.width($0, size: valueSize) }.max() ?? 0,
                         notes.joined().compactMap { $0 }.map { font.width($0, size: noteSize) }.max() ?? 0)
        let nameW = names.map { font.width($0, size: labelSize) }.max() ?? 0
        let cell = max(40, valueW + 10)
        let verticalColumns = nameW + 6 > cell
        let top = 6 + font.lineHeight(size: titleSize) + (subtitle.isEmpty ? 0 : 4 + font.lineHeight(size: subSize)) + 12
        let grid = Rect(x: 10 + nameW + 8, y: top, width: cell * Double(names.count), height: cell * Double(names.count))
        var body = SVG.rect(grid, fill: "none", extra: " class=\"plot-area\"")
        var texts: [TextItem] = []
        let known = values.joined().compactMap { $0 }
        var lo = known.min() ?? 0, hi = known.max() ?? 1
        if hi - lo < 1e-9 { lo -= 0.005; hi += 0.005 }
        let t: (Double) -> Double = { ($0 - lo) / (hi - lo) }
        let lAsc = font.ascent(size: labelSize), lDesc = font.descent(size: labelSize)
        for (i, row) in values.enumerated() {
            let cy = grid.y + (Double(i) + 0.5) * cell
            texts.append(TextItem(text: names[i], x: grid.x - 8, y: cy + (lAsc - lDesc) / 2, size: labelSize, anchor: .end, role: "label"))
            for (j, v) in row.enumerated() {
                let r = Rect(x: grid.x + Double(j) * cell, y: grid.y + Double(i) * cell, width: cell, height: cell)
                body += SVG.rect(r, fill: v.map { ColorScale.hex(t($0)) } ?? "#f2f2f2", extra: " stroke=\"white\"")
                let vAsc = font.ascent(size: valueSize), vDesc = font.descent(size: valueSize)
                let ink = v.map { ColorScale.ink(t($0)) } ?? "#888888"
                // With a note the value moves up by half the note's line, so the pair stays centred.
                let note = notes[i][j], shift = note == nil ? 0 : font.lineHeight(size: noteSize) / 2
                texts.append(TextItem(text: text[i][j], x: r.x + cell / 2, y: r.y + cell / 2 + (vAsc - vDesc) / 2 - shift, size: valueSize,
                                      anchor: .middle, role: "cell", fill: ink))
                if let note {
                    texts.append(TextItem(text: note, x: r.x + cell / 2, y: r.y + cell / 2 + (vAsc - vDesc) / 2 - shift + font.lineHeight(size: noteSize) + 1,
                                          size: noteSize, anchor: .middle, role: "cell-note", fill: ink))
                }
            }
        }
        var bottom = grid.maxY
        for (j, name) in names.enumerated() {
            let cx = grid.x + (Double(j) + 0.5) * cell
            if verticalColumns {
                texts.append(TextItem(text: name, x: cx + (lAsc - lDesc) / 2, y: grid.maxY + 6, size: labelSize, anchor: .end,
                                      vertical: true, role: "label"))
            } else {
                texts.append(TextItem(text: name, x: cx, y: grid.maxY + 6 + lAsc, size: labelSize, anchor: .middle, role: "label"))
            }
        }
        bottom += 6 + (verticalColumns ? nameW : font.lineHeight(size: labelSize)) + 10
        // The colour scale: a gradient bar with ticks, its title running up beside them.
        let bar = Rect(x: grid.maxX + 24, y: grid.y, width: 14, height: grid.height)
        let defs = "<linearGradient id=\"scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n" + (0...10).map { k -> String in
            let u = Double(k) / 10
            return "<stop offset=\"\(SVG.n(u * 100))%\" stop-color=\"\(ColorScale.hex(u))\"/>\n"
        }.joined() + "</linearGradient>\n"
        body += SVG.rect(bar, fill: "url(#scale)", extra: " stroke=\"#333\" class=\"colour-scale\"")
        let tickH = font.lineHeight(size: tickSize)
        let scale = Ticks.fit(Axis(label: scaleLabel), values: [lo, hi], padded: false) { a in
            a.ticks.count <= 8 && a.ticks.count >= 2 && bar.height * (a.fraction(a.ticks[1]) - a.fraction(a.ticks[0])) >= tickH + 6
        }
        let tAsc = font.ascent(size: tickSize), tDesc = font.descent(size: tickSize)
        var tickW = 0.0
        for (v, l) in zip(scale.ticks, scale.labels) where v >= lo - 1e-12 && v <= hi + 1e-12 {
            let yy = bar.maxY - t(v) * bar.height
            body += SVG.line(bar.maxX, yy, bar.maxX + 4, yy, stroke: "#333")
            texts.append(TextItem(text: l, x: bar.maxX + 7, y: yy + (tAsc - tDesc) / 2, size: tickSize, role: "scale-tick"))
            tickW = max(tickW, font.width(l, size: tickSize))
        }
        let scaleTitleX = bar.maxX + 7 + tickW + 8 + font.ascent(size: labelSize)
        texts.append(TextItem(text: scaleLabel, x: scaleTitleX, y: bar.y + bar.height / 2, size: labelSize, anchor: .middle,
                              vertical: true, role: "axis-label"))
        let width = max(scaleTitleX + font.descent(size: labelSize) + 10, font.width(title, size: titleSize) + 20,
                        font.width(subtitle, size: subSize) + 20)
        let height = max(bottom, bar.y + max(bar.height, font.width(scaleLabel, size: labelSize)) + 10)
        texts.append(TextItem(text: title, x: width / 2, y: 6 + font.ascent(size: titleSize), size: titleSize, anchor: .middle, role: "title"))
        if !subtitle.isEmpty {
            texts.append(TextItem(text: subtitle, x: width / 2, y: 6 + font.lineHeight(size: titleSize) + 4 + font.ascent(size: subSize),
                                  size: subSize, anchor: .middle, role: "title"))
        }
        return SVG.document(width: width, height: height, font: font, defs: defs, body: body + texts.map(\.svg).joined())
    }
}
