import Foundation

/// An axis-aligned rectangle in SVG user units (y grows downwards).
struct Rect: Equatable {
    var x, y, width, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    /// True when the interiors meet (touching edges do not count).
    func intersects(_ o: Rect) -> Bool {
        x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY
    }
}

/// One single-line text element and where it lands, so layouts can be checked before they are drawn.
struct TextItem {
    enum Anchor: String { case start, middle, end }

    var text: String
    var x, y: Double
    var size: Double
    var anchor: Anchor = .start
    /// Rotated −90° about (x, y): reads bottom to top (y-axis titles, long column labels).
    var vertical = false
    /// What the text is (title, tick, axis-label, legend, cell, value): tests judge overlap by role.
    var role: String
    var fill: String? = nil

    /// The box the text covers, from the font's advance widths and vertical metrics.
    func box(_ font: FontMetrics) -> Rect {
        let w = font.width(text, size: size)
        let start: Double = anchor == .start ? 0 : anchor == .middle ? -w / 2 : -w
        let asc = font.ascent(size: size), desc = font.descent(size: size)
        if vertical {
            // rotate(-90): the run goes up the page, ascenders point left.
            return Rect(x: x - asc, y: y - (start + w), width: asc + desc, height: w)
        }
        return Rect(x: x + start, y: y - asc, width: w, height: asc + desc)
    }

    var svg: String {
        var a = "<text class=\"\(role)\" x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" font-size=\"\(SVG.n(size))\""
        if anchor != .start { a += " text-anchor=\"\(anchor.rawValue)\"" }
        if vertical { a += " transform=\"rotate(-90 \(SVG.n(x)) \(SVG.n(y)))\"" }
        if let fill { a += " fill=\"\(fill)\"" }
        return a + ">\(SVG.escape(text))</text>\n"
    }
}

/// SVG element strings; every chart is assembled from these, as text.
enum SVG {
    /// Coordinates with one decimal: sub-pixel precision is invisible and keeps files diff-friendly.
    static func n(_ v: Double) -> String {
        let s = String(format: "%.1f", v)
        return s == "-0.0" ? "0.0" : s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func rect(_ r: Rect, fill: String, extra: String = "") -> String {
        "<rect x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\" fill=\"\(fill)\"\(extra)/>\n"
    }

    static func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, stroke: String, width: Double = 1) -> String {
        "<path d=\"M\(n(x0)),\(n(y0)) L\(n(x1)),\(n(y1))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" fill=\"none\"/>\n"
    }

    static func points(_ p: [(Double, Double)]) -> String { p.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") }

    /// The whole document; the font is named explicitly, as the layout was measured with it.
    static func document(width: Double, height: Double, font: FontMetrics, defs: String = "", body: String) -> String {
        let w = Int(width.rounded(.up)), h = Int(height.rounded(.up))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"\(font.family)\">\n"
            + (defs.isEmpty ? "" : "<defs>\n\(defs)</defs>\n")
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
    }
}
