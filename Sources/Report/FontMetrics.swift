/// Horizontal and vertical metrics of one font, enough to lay out single-line SVG text.
public struct FontMetrics: Sendable {
    /// The family name the SVG names (`font-family`), so renderers pick the font measured here.
    public let family: String
    public let unitsPerEm: Int
    /// Distance above the baseline (font units, positive).
    public let ascender: Int
    /// Distance below the baseline (font units, negative).
    public let descender: Int
    /// Advance width per Unicode scalar (font units).
    public let advances: [UInt32: Int]

    /// Metrics from their fields.
    public init(family: String, unitsPerEm: Int, ascender: Int, descender: Int, advances: [UInt32: Int]) {
        (self.family, self.unitsPerEm, self.ascender, self.descender, self.advances) =
            (family, unitsPerEm, ascender, descender, advances)
    }

    /// Characters outside the table count as the widest one in it: layout errs towards space.
    var fallbackAdvance: Int { advances.values.max() ?? unitsPerEm }

    /// Advance width of `text` at `size` px (no kerning, so never narrower than most renderers draw it).
    public func width(_ text: String, size: Double) -> Double {
        let units = text.unicodeScalars.reduce(0) { $0 + (advances[$1.value] ?? fallbackAdvance) }
        return Double(units) * size / Double(unitsPerEm)
    }

    /// Height above the baseline at `size` px.
    public func ascent(size: Double) -> Double { Double(ascender) * size / Double(unitsPerEm) }
    /// Depth below the baseline at `size` px (positive).
    public func descent(size: Double) -> Double { Double(-descender) * size / Double(unitsPerEm) }
    /// Line height (ascent + descent) at `size` px.
    public func lineHeight(size: Double) -> Double { ascent(size: size) + descent(size: size) }
}
