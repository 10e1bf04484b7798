import Datasets
import Foundation

/// CSV of the preview: a time column, then one column per (window, lead), e.g. `view1_V2`.
func previewCSV(columns: [[Float]], titles: [String], length: Int) -> String {
    let names = titles.map { $0.replacingOccurrences(of: " ", with: "") }
    var lines = ["time_s," + names.flatMap { t in Leads.canonical.map { "\(t)_\($0)" } }.joined(separator: ",")]
    lines.reserveCapacity(length + 1)
    for i in 0..<length {
        var fields = [String(format: "%.2f", Double(i) / 100)]
        for col in columns {
            for c in 0..<Leads.count { fields.append(String(format: "%.5f", col[c * length + i])) }
        }
        lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// SVG grid: one row per lead, one column per window (original, then views). Each lead row has
/// one amplitude scale across columns; views show the original faintly behind them, on ECG-paper
/// style 0.2 s / 0.5 mV grid lines.
func previewSVG(columns: [[Float]], titles: [String], length: Int, heading: String) -> String {
    let leads = Leads.count
    let panelW = 330.0, panelH = 62.0, gapX = 14.0, gapY = 6.0
    let left = 44.0, top = 58.0
    let width = max(820, left + Double(columns.count) * (panelW + gapX) + 6)
    let height = top + Double(leads) * (panelH + gapY) + 36
    let xScale = panelW / Double(max(1, length - 1))
    var s = """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(left)" y="22" font-size="15" font-weight="bold">Augmentation preview: \(escapeXML(heading))</text>

    """
    for (k, title) in titles.enumerated() {
        let x = left + Double(k) * (panelW + gapX) + panelW / 2
        s += "<text x=\(q(x)) y=\"46\" font-size=\"13\" text-anchor=\"middle\">\(escapeXML(title))</text>\n"
    }
    for c in 0..<leads {
        let y0 = top + Double(c) * (panelH + gapY)
        let values = columns.flatMap { $0[(c * length)..<((c + 1) * length)] }
        var lo = Double(values.min() ?? 0), hi = Double(values.max() ?? 0)
        if hi - lo < 0.5 { let m = (hi + lo) / 2; lo = m - 0.25; hi = m + 0.25 }
        let pad = 0.08 * (hi - lo)
        lo -= pad; hi += pad
        let yOf = { (v: Double) in y0 + panelH * (hi - v) / (hi - lo) }
        s += "<text x=\(q(left - 8)) y=\(q(y0 + panelH / 2 + 4)) font-size=\"12\" text-anchor=\"end\">\(Leads.canonical[c])</text>\n"
        for (k, col) in columns.enumerated() {
            let x0 = left + Double(k) * (panelW + gapX)
            s += "<g>\n<rect x=\(q(x0)) y=\(q(y0)) width=\(q(panelW)) height=\(q(panelH)) fill=\"#fff8f6\" stroke=\"#e6b8b0\" stroke-width=\"0.6\"/>\n"
            var t = 0
            while t < length {  // vertical grid every 0.2 s
                let x = x0 + Double(t) * xScale
                s += "<line x1=\(q(x)) y1=\(q(y0)) x2=\(q(x)) y2=\(q(y0 + panelH)) stroke=\"#f3d6d0\" stroke-width=\"0.5\"/>\n"
                t += 20
            }
            var mv = (lo / 0.5).rounded(.up) * 0.5
            while mv <= hi {  // horizontal grid every 0.5 mV, the baseline darker
                let y = yOf(mv)
                let colour = mv == 0 ? "#d9a79d" : "#f3d6d0"
                s += "<line x1=\(q(x0)) y1=\(q(y)) x2=\(q(x0 + panelW)) y2=\(q(y)) stroke=\"\(colour)\" stroke-width=\"0.5\"/>\n"
                mv += 0.5
            }
            if k > 0 {
                s += polyline(columns[0], lead: c, length: length, x0: x0, xScale: xScale, yOf: yOf,
                              style: "stroke=\"#b0b0b0\" stroke-width=\"0.9\"")
            }
            s += polyline(col, lead: c, length: length, x0: x0, xScale: xScale, yOf: yOf,
                          style: k == 0 ? "stroke=\"#222222\" stroke-width=\"1.1\"" : "stroke=\"#c0392b\" stroke-width=\"1.1\"")
            s += "</g>\n"
        }
    }
    let axisY = top + Double(leads) * (panelH + gapY) + 6
    for k in 0..<columns.count {  // time labels every 0.5 s under the last row
        let x0 = left + Double(k) * (panelW + gapX)
        var t = 0
        while t < length {
            s += "<text x=\(q(x0 + Double(t) * xScale)) y=\(q(axisY)) font-size=\"10\" fill=\"#555\" text-anchor=\"middle\">\(String(format: "%.1f s", Double(t) / 100))</text>\n"
            t += 50
        }
    }
    let footY = axisY + 16
    s += "<text x=\(q(left)) y=\(q(footY)) font-size=\"11\" fill=\"#555\">grid: 0.2 s × 0.5 mV; per-lead amplitude scale shared across columns; grey = original behind each view</text>\n"
    return s + "</svg>\n"
}

private func polyline(_ col: [Float], lead c: Int, length: Int, x0: Double, xScale: Double,
                      yOf: (Double) -> Double, style: String) -> String {
    let pts = (0..<length).map { i in
        String(format: "%.1f,%.1f", x0 + Double(i) * xScale, yOf(Double(col[c * length + i])))
    }.joined(separator: " ")
    return "<polyline fill=\"none\" \(style) stroke-linejoin=\"round\" points=\"\(pts)\"/>\n"
}

private func q(_ v: Double) -> String { "\"\(String(format: "%.1f", v))\"" }

private func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}
