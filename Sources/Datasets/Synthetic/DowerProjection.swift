/// The Dower transform from a vectorcardiogram to the 8 independent leads, and the limb-lead identities.
enum DowerProjection {
    /// Rows V1…V6, I, II of the Dower matrix (columns X, Y, Z), as tabulated in Clifford's ECG tools.
    static let rows: [Vector3] = [
        Vector3(-0.515, 0.157, -0.917), Vector3(0.044, 0.164, -1.387), Vector3(0.882, 0.098, -1.277),
        Vector3(1.213, 0.127, -0.601), Vector3(1.125, 0.127, -0.086), Vector3(0.831, 0.076, 0.230),
        Vector3(0.632, -0.235, 0.059), Vector3(0.235, 1.066, -0.132),
    ]

    /// Projects a dipole onto (V1…V6, I, II).
    @inline(__always)
    static func project(_ v: Vector3) -> [Double] {
        rows.map { $0.x * v.x + $0.y * v.y + $0.z * v.z }
    }

    /// III, aVR, aVL, aVF from I and II (Einthoven and Goldberger).
    @inline(__always)
    static func limbLeads(i: Float, ii: Float) -> (iii: Float, avr: Float, avl: Float, avf: Float) {
        (ii - i, -(i + ii) / 2, i - ii / 2, ii - i / 2)
    }
}
