import Foundation

/// How one chart axis scales and ticks its values: what the quantity can be decides the range.
public struct Axis: Sendable {
    /// Linear, or base-2 logarithmic (training-fold counts 1, 2, 4, 8).
    public enum Scale: Sendable { case linear, log2 }

    /// Axis title.
    public var label: String
    /// A count (epochs, folds, noise levels): ticks at integers only.
    public var integer: Bool
    /// The quantity cannot go below this (0 for a loss); nil: 0 when every value is ≥ 0.
    public var lowerBound: Double?
    /// The quantity cannot go above this (1 for an AUC).
    public var upperBound: Double?
    public var scale: Scale
    /// Explicit tick positions; nil: nice steps (1, 2, 5 × 10^k).
    public var ticks: [Double]?

    /// An axis from its fields.
    public init(label: String, integer: Bool = false, lowerBound: Double? = nil, upperBound: Double? = nil,
                scale: Scale = .linear, ticks: [Double]? = nil) {
        (self.label, self.integer, self.lowerBound, self.upperBound, self.scale, self.ticks) =
            (label, integer, lowerBound, upperBound, scale, ticks)
    }

    /// A count axis (epochs, noise levels): integer ticks, never below 0.
    public static func count(_ label: String) -> Axis { Axis(label: label, integer: true, lowerBound: 0) }
    /// A non-negative quantity such as a loss.
    public static func nonNegative(_ label: String) -> Axis { Axis(label: label, lowerBound: 0) }
    /// An AUC: within [0, 1].
    public static func auc(_ label: String) -> Axis { Axis(label: label, lowerBound: 0, upperBound: 1) }
}

/// An axis fitted to data: its range in data units and its ticks with their labels.
struct FittedAxis {
    var lo, hi: Double
    var ticks: [Double]
    var labels: [String]
    var scale: Axis.Scale

    /// Position of `v` in [0, 1] along the axis.
    func fraction(_ v: Double) -> Double {
        let t: (Double) -> Double = scale == .log2 ? { Foundation.log2(max($0, 1e-300)) } : { $0 }
        let span = t(hi) - t(lo)
        return span == 0 ? 0.5 : (t(v) - t(lo)) / span
    }
}

/// Tick steps and ranges: nice steps (1, 2, 5 × 10^k), integers for counts, bounds respected.
enum Ticks {
    /// Candidate steps from small to large covering `span`.
    static func steps(span: Double, integer: Bool) -> [Double] {
        let e = Int(floor(log10(max(span, 1e-12)))) - 2
        var out: [Double] = []
        for k in e...(e + 4) {
            for m in [1.0, 2.0, 5.0] {
                let s = m * pow(10, Double(k))
                if !integer || s >= 1 { out.append(s) }
            }
        }
        return out
    }

    /// Shortest decimal form for tick values spaced `step` apart.
    static func label(_ v: Double, step: Double) -> String {
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        let s = String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    static func label(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%g", v)
    }

    /// Fits `axis` to `values`. `padded`: the range snaps outwards to ticks with a margin (value
    /// axes); otherwise it is the data's extent (x axes, whose points sit at the ends).
    /// `fits(candidate)` says whether its tick labels have room; the smallest step that
    /// fits wins.
    static func fit(_ axis: Axis, values: [Double], padded: Bool,
                    fits: (FittedAxis) -> Bool = { $0.ticks.count <= 8 }) -> FittedAxis {
        let finite = values.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        // A quantity that cannot be negative gets a floor of 0 even without a hint.
        let floorBound = axis.lowerBound ?? (lo >= 0 ? 0 : nil)
        if let explicit = axis.ticks ?? (axis.scale == .log2 ? powersOfTwo(lo, hi) : nil) {
            let t = explicit.sorted()
            lo = min(lo, t.first ?? lo); hi = max(hi, t.last ?? hi)
            if lo == hi { (lo, hi) = axis.scale == .log2 ? (lo / 2, hi * 2) : (lo - 1, hi + 1) }
            return FittedAxis(lo: lo, hi: hi, ticks: t, labels: t.map { label($0) }, scale: axis.scale)
        }
        if hi - lo < 1e-12 {
            let d = axis.integer ? 1 : max(abs(lo) * 0.05, 0.01)
            (lo, hi) = (lo - d, hi + d)
        }
        if padded { let d = (hi - lo) * 0.05; (lo, hi) = (lo - d, hi + d) }
        if let b = floorBound { lo = max(lo, b); hi = max(hi, b) }
        if let b = axis.upperBound { hi = min(hi, b); lo = min(lo, b) }
        if hi <= lo { hi = lo + (axis.integer ? 1 : 0.1) }
        var best: FittedAxis?
        for s in steps(span: hi - lo, integer: axis.integer) {
            var a = lo, b = hi
            if padded {
                a = (lo / s).rounded(.down) * s
                b = (hi / s).rounded(.up) * s
                if let f = floorBound, a < f { a = f }
                if let u = axis.upperBound, b > u { b = u }
            }
            let first = (a / s - 1e-9).rounded(.up), last = (b / s + 1e-9).rounded(.down)
            guard last >= first, last - first <= 50 else { continue }
            let t = stride(from: first, through: last, by: 1).map { $0 * s }
            let l = t.map { axis.integer ? label($0) : label($0, step: s) }
            let candidate = FittedAxis(lo: a, hi: b, ticks: t, labels: l, scale: .linear)
            if t.count >= 2 && fits(candidate) { return candidate }
            if best == nil || t.count >= 2 { best = candidate }
        }
        return best ?? FittedAxis(lo: lo, hi: hi, ticks: [lo, hi], labels: [label(lo), label(hi)], scale: .linear)
    }

    static func powersOfTwo(_ lo: Double, _ hi: Double) -> [Double] {
        let a = Int(floor(log2(max(lo, 1e-9)))), b = Int(ceil(log2(max(hi, 1e-9))))
        return (a...max(a, b)).map { pow(2, Double($0)) }
    }
}
