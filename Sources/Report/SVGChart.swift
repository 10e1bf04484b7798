import Foundation

/// One named series of (x, y) points, optionally with an interval per point.
public struct Series: Sendable {
    /// Legend label.
    public var name: String
    /// Points in drawing order.
    public var points: [(x: Double, y: Double)]
    /// Optional (lower, upper) per point, drawn as error bars.
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

/// Self-contained SVG charts (no scripts, no external fonts) for reports.
public enum SVGChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    /// A line chart of several series (training curves, label efficiency, noise robustness).
    public static func lines(title: String, xLabel: String, yLabel: String, series: [Series],
                             width: Double = 640, height: Double = 400) -> String {
        let all = series.flatMap { s in s.points.map { $0 } }
        let lows = series.flatMap { s in s.intervals?.map { $0.lower } ?? [] }
        let highs = series.flatMap { s in s.intervals?.map { $0.upper } ?? [] }
        let (x0, x1) = paddedRange(all.map { $0.x }, pad: 0)
        let (y0, y1) = paddedRange(all.map { $0.y } + lows + highs, pad: 0.05)
        var frame = Frame(width: width, height: height, x0: x0, x1: x1, y0: y0, y1: y1)
        var body = frame.axes(title: title, xLabel: xLabel, yLabel: yLabel)
        for (i, s) in series.enumerated() {
            let color = palette[i % palette.count]
            let path = s.points.map { "\(f(frame.px($0.x))),\(f(frame.py($0.y)))" }.joined(separator: " ")
            body += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            for (j, p) in s.points.enumerated() {
                body += "<circle cx=\"\(f(frame.px(p.x)))\" cy=\"\(f(frame.py(p.y)))\" r=\"3\" fill=\"\(color)\"/>\n"
                if let iv = s.intervals?[j] {
                    body += errorBar(x: frame.px(p.x), lo: frame.py(iv.lower), hi: frame.py(iv.upper), color: color)
                }
            }
            body += frame.legendEntry(index: i, name: s.name, color: color)
        }
        frame.body = body
        return frame.document()
    }

    /// A bar chart with one bar per label and optional interval whiskers (AUC per method).
    public static func bars(title: String, yLabel: String, labels: [String], values: [Double],
                            intervals: [(lower: Double, upper: Double)]? = nil,
                            width: Double = 640, height: Double = 400) -> String {
        precondition(labels.count == values.count, "SVGChart.bars: \(labels.count) labels but \(values.count) values")
        let (y0, y1) = paddedRange(values + (intervals?.flatMap { [$0.lower, $0.upper] } ?? []), pad: 0.1)
        var frame = Frame(width: width, height: height, x0: -0.5, x1: Double(max(labels.count, 1)) - 0.5, y0: y0, y1: y1)
        var body = frame.axes(title: title, xLabel: "", yLabel: yLabel, xTicks: false)
        let slot = (frame.px(1) - frame.px(0)) * 0.6
        for (i, v) in values.enumerated() {
            let color = palette[i % palette.count]
            let top = frame.py(v), base = frame.py(y0)
            body += "<rect x=\"\(f(frame.px(Double(i)) - slot / 2))\" y=\"\(f(top))\" width=\"\(f(slot))\" height=\"\(f(base - top))\" fill=\"\(color)\" opacity=\"0.8\"/>\n"
            if let iv = intervals?[i] { body += errorBar(x: frame.px(Double(i)), lo: frame.py(iv.lower), hi: frame.py(iv.upper), color: "#222") }
            body += "<text x=\"\(f(frame.px(Double(i))))\" y=\"\(f(frame.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(labels[i]))</text>\n"
            body += "<text x=\"\(f(frame.px(Double(i))))\" y=\"\(f(top - 4))\" font-size=\"10\" text-anchor=\"middle\">\(String(format: "%.3f", v))</text>\n"
        }
        frame.body = body
        return frame.document()
    }

    static func errorBar(x: Double, lo: Double, hi: Double, color: String) -> String {
        "<path d=\"M\(f(x)),\(f(lo)) V\(f(hi)) M\(f(x - 4)),\(f(lo)) H\(f(x + 4)) M\(f(x - 4)),\(f(hi)) H\(f(x + 4))\" stroke=\"\(color)\" fill=\"none\"/>\n"
    }

    static func paddedRange(_ v: [Double], pad: Double) -> (Double, Double) {
        let finite = v.filter { $0.isFinite }
        guard var lo = finite.min(), var hi = finite.max() else { return (0, 1) }
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let d = (hi - lo) * pad
        return (lo - d, hi + d)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Plot area geometry and the shared decorations.
    struct Frame {
        let width, height, x0, x1, y0, y1: Double
        let left = 64.0, right = 150.0, top = 36.0, bottomMargin = 44.0
        var body = ""
        var bottom: Double { height - bottomMargin }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0 == 0 ? 1 : x1 - x0) * (width - left - right) }
        func py(_ y: Double) -> Double { bottom - (y - y0) / (y1 - y0) * (bottom - top) }

        init(width: Double, height: Double, x0: Double, x1: Double, y0: Double, y1: Double) {
            (self.width, self.height, self.x0, self.x1, self.y0, self.y1) = (width, height, x0, x1, y0, y1)
        }

        func axes(title: String, xLabel: String, yLabel: String, xTicks: Bool = true) -> String {
            var s = "<text x=\"\(f(width / 2))\" y=\"20\" font-size=\"14\" text-anchor=\"middle\">\(escape(title))</text>\n"
            s += "<path d=\"M\(f(left)),\(f(top)) V\(f(bottom)) H\(f(width - right))\" stroke=\"#333\" fill=\"none\"/>\n"
            for k in 0...4 {
                let v = y0 + (y1 - y0) * Double(k) / 4
                s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" font-size=\"10\" text-anchor=\"end\">\(String(format: "%.3g", v))</text>\n"
                s += "<path d=\"M\(f(left)),\(f(py(v))) H\(f(width - right))\" stroke=\"#ddd\"/>\n"
                if xTicks {
                    let xv = x0 + (x1 - x0) * Double(k) / 4
                    s += "<text x=\"\(f(px(xv)))\" y=\"\(f(bottom + 14))\" font-size=\"10\" text-anchor=\"middle\">\(String(format: "%.3g", xv))</text>\n"
                }
            }
            s += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
            s += "<text transform=\"translate(14,\(f((top + bottom) / 2))) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
            return s
        }

        func legendEntry(index: Int, name: String, color: String) -> String {
            let y = top + 8 + Double(index) * 18
            return "<rect x=\"\(f(width - right + 12))\" y=\"\(f(y - 8))\" width=\"12\" height=\"3\" fill=\"\(color)\"/>" +
                "<text x=\"\(f(width - right + 30))\" y=\"\(f(y - 3))\" font-size=\"11\">\(escape(name))</text>\n"
        }

        func document() -> String {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\">\n" +
                "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
        }
    }
}
