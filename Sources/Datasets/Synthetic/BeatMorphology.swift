import Foundation

/// One ECGSYN-style wave: a Gaussian bump in time (two half-widths, so T can be asymmetric)
/// along a fixed dipole direction.
struct Wave: Sendable {
    /// Peak time relative to the R peak, seconds.
    var center: Double
    /// Standard deviation of the rising half, seconds.
    var widthBefore: Double
    /// Standard deviation of the falling half, seconds.
    var widthAfter: Double
    /// Dipole at the peak, mV (X, Y, Z).
    var direction: Vector3

    init(_ center: Double, _ width: Double, _ direction: Vector3, widthAfter: Double? = nil) {
        self.center = center
        self.widthBefore = width
        self.widthAfter = widthAfter ?? width
        self.direction = direction
    }
}

/// The waves of one beat, named so conditions can reshape them.
struct BeatMorphology: Sendable {
    var p: Wave
    var q: Wave
    var r: Wave
    var s: Wave
    var t: Wave
    /// ST-segment deviation (injury current), a broad wave between S and T; zero when normal.
    var st: Wave
    /// Extra QRS components (bundle-branch terminal forces, infarct Q waves, notches).
    var extra: [Wave] = []
    /// Whether the beat has a P wave (not in AFIB or ventricular beats).
    var hasP = true

    var all: [Wave] { (hasP ? [p] : []) + [q, r, s, t, st] + extra }

    /// Scales the QRS timing (centres and widths of Q, R, S and extras) by `factor`.
    mutating func widenQRS(by factor: Double) {
        for k in [\BeatMorphology.q, \.r, \.s] {
            self[keyPath: k].center *= factor
            self[keyPath: k].widthBefore *= factor
            self[keyPath: k].widthAfter *= factor
        }
        extra = extra.map { var w = $0; w.center *= factor; w.widthBefore *= factor; w.widthAfter *= factor; return w }
    }
}

/// Low-pass filtering a Gaussian by a Gaussian is a wider Gaussian of equal area: this keeps the
/// 100 Hz samples free of aliasing the way a device's anti-alias filter would (σ ≈ 4 ms ≈ 40 Hz).
let antiAliasWidth = 0.004

/// Adds `amplitude`·wave along each axis into `xyz` (3 interleaved rows of `count` samples at `fs`).
@inline(__always)
func accumulate(_ w: Wave, at peak: Double, scale: Double, fs: Double, into xyz: UnsafeMutablePointer<Double>, count: Int) {
    let sb = (w.widthBefore * w.widthBefore + antiAliasWidth * antiAliasWidth).squareRoot()
    let sa = (w.widthAfter * w.widthAfter + antiAliasWidth * antiAliasWidth).squareRoot()
    // Area-preserving: the peak drops as the width grows.
    let g = scale * 0.5 * (w.widthBefore / sb + w.widthAfter / sa)
    let a = Vector3(w.direction.x * g, w.direction.y * g, w.direction.z * g)
    let c = peak + w.center
    let lo = max(0, Int(((c - 4 * sb) * fs).rounded(.down)))
    let hi = min(count - 1, Int(((c + 4 * sa) * fs).rounded(.up)))
    guard lo <= hi else { return }
    let ib = 1 / (2 * sb * sb), ia = 1 / (2 * sa * sa)
    for n in lo...hi {
        let d = Double(n) / fs - c
        let e = exp(-d * d * (d < 0 ? ib : ia))
        xyz[n] += a.x * e
        xyz[count + n] += a.y * e
        xyz[2 * count + n] += a.z * e
    }
}
