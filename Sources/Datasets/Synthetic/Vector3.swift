/// A 3-D cardiac dipole direction (X left, Y inferior, Z posterior — the Frank/Dower frame), in mV.
struct Vector3: Sendable, Equatable {
    var x: Double, y: Double, z: Double

    init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }

    static let zero = Vector3(0, 0, 0)
    static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    var length: Double { (x * x + y * y + z * z).squareRoot() }

    /// Rotated by `frontal` about Z (axis deviation), then `horizontal` about Y, then `sagittal` about X (radians).
    func rotated(frontal: Double, horizontal: Double, sagittal: Double) -> Vector3 {
        var v = self
        let (cf, sf) = (cos(frontal), sin(frontal))
        v = Vector3(cf * v.x - sf * v.y, sf * v.x + cf * v.y, v.z)
        let (ch, sh) = (cos(horizontal), sin(horizontal))
        v = Vector3(ch * v.x + sh * v.z, v.y, -sh * v.x + ch * v.z)
        let (cs, ss) = (cos(sagittal), sin(sagittal))
        v = Vector3(v.x, cs * v.y - ss * v.z, ss * v.y + cs * v.z)
        return v
    }
}

import Foundation
