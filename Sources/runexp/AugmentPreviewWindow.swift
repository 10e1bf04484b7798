import Foundation

/// A deterministic synthetic 12-lead window (72 bpm, P-QRS-T as Gaussian bumps of a 3-D heart
/// dipole projected with the Dower matrix, limb leads derived), so `augment preview` runs
/// without data. Lead-major, mV, 100 Hz.
func syntheticPreviewWindow(length: Int) -> [Float] {
    // (offset from R in s, width in s, amplitude in mV, dipole direction X, Y, Z)
    let waves: [(Double, Double, Double, Double, Double, Double)] = [
        (-0.20, 0.025, 0.18, 0.5, 0.8, 0.1),     // P
        (-0.035, 0.010, -0.15, 0.6, 0.4, 0.4),   // Q
        (0.0, 0.013, 1.25, 0.55, 0.75, -0.35),   // R
        (0.035, 0.012, -0.40, -0.3, 0.2, 0.9),   // S
        (0.28, 0.055, 0.32, 0.55, 0.55, -0.45),  // T
    ]
    // Dower rows for V1..V6, I, II (Clifford's tables, DESIGN.md).
    let dower: [(Double, Double, Double)] = [
        (-0.515, 0.157, -0.917), (0.044, 0.164, -1.387), (0.882, 0.098, -1.277),
        (1.213, 0.127, -0.601), (1.125, 0.127, -0.086), (0.831, 0.076, 0.230),
        (0.632, -0.235, 0.059), (0.235, 1.066, -0.132),
    ]
    let rr = 60.0 / 72, firstR = 0.35
    var out = [Float](repeating: 0, count: 12 * length)
    for i in 0..<length {
        let t = Double(i) / 100
        var xyz = (0.0, 0.0, 0.0)
        var r = firstR - rr
        while r < t + rr {
            for (offset, width, amp, dx, dy, dz) in waves {
                let g = amp * exp(-0.5 * pow((t - r - offset) / width, 2))
                xyz.0 += g * dx; xyz.1 += g * dy; xyz.2 += g * dz
            }
            r += rr
        }
        let proj = dower.map { $0.0 * xyz.0 + $0.1 * xyz.1 + $0.2 * xyz.2 }
        let (lI, lII) = (proj[6], proj[7])
        let leads = [lI, lII] + Array(proj[0..<6]) + [lII - lI, -(lI + lII) / 2, lI - lII / 2, lII - lI / 2]
        for c in 0..<12 { out[c * length + i] = Float(leads[c]) }
    }
    return out
}
