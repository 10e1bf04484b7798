import Foundation
import TensorCore

/// One generated 12-lead recording with the statements a reader of it would write.
public struct SyntheticRecording: Sendable {
    /// Lead names in file order (PTB-XL's: I, II, III, AVR, AVL, AVF, V1…V6).
    public static let fileLeadNames = ["I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    /// Samples in mV, `[lead][t]`, leads in `fileLeadNames` order.
    public var leads: [[Float]]
    /// Statement code → likelihood, diagnostic first, then form, then rhythm (PTB-XL's habit).
    public var scpCodes: [(code: String, likelihood: Double)]
    /// R-peak times (s) of the beats inside the record.
    public var rPeaks: [Double]
    /// Mean ventricular rate, beats per minute.
    public var meanRate: Double
    /// Frontal QRS axis category as PTB-XL spells it (LAD, MID, RAD).
    public var heartAxis: String
    /// Whether premature ventricular beats were inserted.
    public var hasPVC: Bool
    /// Whether strong baseline wander was added.
    public var strongWander: Bool
}

/// Generates recordings from a patient: rhythm, beat morphology, lead projection, noise, statements.
enum SyntheticRecorder {
    static func record(_ patient: SyntheticPatient, duration: Double, fs: Double, noise: Bool,
                       rng: inout SeededGenerator) -> SyntheticRecording {
        let count = Int(duration * fs)
        // --- Rhythm: RR process.
        let afib = patient.atrialFibrillation
        let rate = afib ? min(140, max(55, patient.restingRate * 1.15 + rng.normal(mean: 0, std: 8)))
                        : min(150, max(38, patient.restingRate + rng.normal(mean: 0, std: 3)))
        let rr0 = 60 / rate
        let respFreq = rng.uniform(0.18, 0.33), respPhase = rng.uniform(0, 2 * .pi)
        let rsa = afib ? 0 : rng.uniform(0.01, 0.06)
        let afibSpread = rng.uniform(0.10, 0.22)
        let pvcCount = rng.uniform() < 0.06 ? (rng.uniform() < 0.7 ? 1 : 2) : 0
        var beats: [(time: Double, rr: Double, ectopic: Bool)] = []
        var t = -rng.uniform(0, rr0)
        var prevRR = rr0
        while t < duration + 0.8 {
            beats.append((t, prevRR, false))
            var rr: Double
            if afib { rr = min(2.0, max(0.3, rr0 * exp(rng.normal(mean: 0, std: afibSpread)))) }
            else { rr = rr0 * (1 + rsa * sin(2 * .pi * respFreq * t + respPhase)) * (1 + 0.015 * rng.normal()) }
            prevRR = rr
            t += rr
        }
        // Premature ventricular beats: early, then a compensatory pause.
        if pvcCount > 0, beats.count > 6 {
            var used = Set<Int>()
            for _ in 0..<pvcCount {
                let k = rng.int(2...(beats.count - 3))
                guard !used.contains(k), !used.contains(k - 1), !used.contains(k + 1) else { continue }
                used.insert(k)
                let rr = beats[k].time - beats[k - 1].time
                beats[k].time = beats[k - 1].time + 0.6 * rr
                beats[k].ectopic = true
            }
        }
        let pvcDirection = Vector3(rng.normal(), rng.normal(), rng.normal())
        let pvcScale = rng.uniform(0.6, 1.2) / max(0.3, pvcDirection.length)

        // --- Dipole: sum of waves per axis.
        var xyz = [Double](repeating: 0, count: 3 * count)
        let template = patient.morphology(rr: rr0)
        xyz.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            for b in beats {
                let respiration = sin(2 * .pi * respFreq * b.time + respPhase)
                let scale = (1 + 0.05 * respiration) * (1 + 0.02 * rng.normal())
                if b.ectopic {
                    let d = pvcDirection * pvcScale
                    accumulate(Wave(0, 0.03, d), at: b.time, scale: scale, fs: fs, into: p, count: count)
                    accumulate(Wave(0.06, 0.03, d * -0.45), at: b.time, scale: scale, fs: fs, into: p, count: count)
                    accumulate(Wave(0.32, 0.07, d * -0.3, widthAfter: 0.05), at: b.time, scale: scale, fs: fs, into: p, count: count)
                    continue
                }
                let m = afib ? patient.morphology(rr: b.rr) : template
                for w in m.all {
                    var w = w
                    // Breathing swings the heart's axis a little.
                    w.direction = w.direction.rotated(frontal: 0.04 * respiration, horizontal: 0, sagittal: 0)
                    accumulate(w, at: b.time, scale: scale, fs: fs, into: p, count: count)
                }
            }
            if afib {
                // Fibrillatory waves: a few drifting 4–8 Hz oscillations along an atrial direction.
                let dir = Vector3(0.02, 0.05, -0.08) * (rng.uniform(0.02, 0.09) / 0.1)
                for _ in 0..<3 {
                    let f = rng.uniform(4, 8), ph = rng.uniform(0, 2 * .pi), a = rng.uniform(0.3, 1)
                    let drift = rng.uniform(0.1, 0.6)
                    for n in 0..<count {
                        let tt = Double(n) / fs
                        let v = a * sin(2 * .pi * f * tt + ph + 2 * sin(2 * .pi * drift * tt))
                        p[n] += dir.x * v; p[count + n] += dir.y * v; p[2 * count + n] += dir.z * v
                    }
                }
            }
        }

        // --- Projection onto V1…V6, I, II, then noise on these 8 recorded channels.
        var eight = [[Float]](repeating: [Float](repeating: 0, count: count), count: 8)
        for (k, row) in DowerProjection.rows.enumerated() {
            for n in 0..<count {
                eight[k][n] = Float(row.x * xyz[n] + row.y * xyz[count + n] + row.z * xyz[2 * count + n])
            }
        }
        // Electrode placement and skin contact change each recorded channel's gain a little.
        // The whole recording's gain varies too (skin impedance, amplifier calibration).
        let recordGain = exp(rng.normal(mean: 0, std: 0.25))
        for k in 0..<8 {
            let g = Float(recordGain * patient.electrodeGains[k] * exp(rng.normal(mean: 0, std: 0.04)))
            for n in 0..<count { eight[k][n] *= g }
        }
        var strongWander = false
        if noise {
            strongWander = rng.uniform() < 0.3
            let wander = strongWander ? rng.uniform(0.08, 0.35) : rng.uniform(0.01, 0.08)
            let respWander = rng.uniform(0, 0.5) * wander
            let emg = 0.005 + (rng.uniform() < 0.3 ? rng.uniform(0.02, 0.07) : rng.uniform(0, 0.02))
            let powerline = rng.uniform() < 0.15 ? rng.uniform(0.002, 0.015) : 0
            let plPhase = cos(rng.uniform(0, 2 * .pi))
            for k in 0..<8 {
                let f1 = rng.uniform(0.05, 0.6), f2 = rng.uniform(0.05, 0.6)
                let a1 = wander * rng.uniform(), a2 = wander * rng.uniform() * 0.5
                let p1 = rng.uniform(0, 2 * .pi), p2 = rng.uniform(0, 2 * .pi)
                let e = emg * rng.uniform(0.5, 1.5), pl = powerline * rng.uniform(-1, 1) * plPhase
                let leadResp = rng.uniform(-1, 1) * respWander
                for n in 0..<count {
                    let tt = Double(n) / fs
                    var v = a1 * sin(2 * .pi * f1 * tt + p1) + a2 * sin(2 * .pi * f2 * tt + p2)
                    v += leadResp * sin(2 * .pi * respFreq * tt + respPhase)
                    v += e * rng.normal()
                    v += (n & 1 == 0 ? pl : -pl)
                    eight[k][n] += Float(v)
                }
            }
        }
        // Limb leads are derived from I and II, as a 12-lead device does.
        let i = eight[6], ii = eight[7]
        var iii = [Float](repeating: 0, count: count), avr = iii, avl = iii, avf = iii
        for n in 0..<count {
            let l = DowerProjection.limbLeads(i: i[n], ii: ii[n])
            iii[n] = l.iii; avr[n] = l.avr; avl[n] = l.avl; avf[n] = l.avf
        }
        let leads = [i, ii, iii, avr, avl, avf] + Array(eight[0..<6])

        // --- What a reader would write.
        let inside = beats.filter { $0.time >= 0 && $0.time < duration }.map(\.time)
        let intervals = zip(inside.dropFirst(), inside).map { $0 - $1 }
        let meanRate = intervals.isEmpty ? rate : 60 / (intervals.reduce(0, +) / Double(intervals.count))
        let measured = TemplateMeasurements(template)
        var codes: [(code: String, likelihood: Double)] = []
        for c in patient.conditions where c.reported {
            let l: Double = c.severity > 0.55 ? 100 : (c.severity > 0.35 ? [80, 50][rng.int(below: 2)] : [50, 35, 15][rng.int(below: 3)])
            codes.append((c.code, l))
        }
        if codes.isEmpty { codes.append(("NORM", 100)) }
        if patient.conditions.contains(where: { ($0.code == "IMI" || $0.code == "AMI") && $0.reported && $0.severity > 0.45 }) {
            codes.append(("QWAVE", 0))
        }
        if measured.invertedT { codes.append(("INVT", 0)) } else if measured.lowT { codes.append(("LOWT", 0)) }
        if beats.contains(where: { $0.ectopic && $0.time >= 0 && $0.time < duration }) { codes.append(("PVC", 100)) }
        if afib { codes.append(("AFIB", 0)) }
        else if meanRate > 100 { codes.append(("STACH", 0)) }
        else if meanRate < 60 { codes.append(("SBRAD", 0)) }
        else { codes.append(("SR", 0)) }
        return SyntheticRecording(leads: leads, scpCodes: codes, rPeaks: inside, meanRate: meanRate,
                                  heartAxis: measured.axis, hasPVC: pvcCount > 0, strongWander: strongWander)
    }
}

/// Measurements on a noise-free template beat (1 kHz), as an automatic interpreter would take them.
struct TemplateMeasurements {
    /// T peaks below −0.1 mV in at least two of I, II, aVF, V3–V6.
    var invertedT: Bool
    /// |T| below 0.1 mV in at least four of I, II, V3–V6.
    var lowT: Bool
    /// Frontal QRS axis category.
    var axis: String

    init(_ m: BeatMorphology) {
        let fs = 1000.0, pre = 0.4, n = 1100
        var xyz = [Double](repeating: 0, count: 3 * n)
        xyz.withUnsafeMutableBufferPointer { b in
            for w in m.all { accumulate(w, at: pre, scale: 1, fs: fs, into: b.baseAddress!, count: n) }
        }
        func lead(_ row: Vector3) -> [Double] { (0..<n).map { row.x * xyz[$0] + row.y * xyz[n + $0] + row.z * xyz[2 * n + $0] } }
        let d = DowerProjection.rows
        let v = (0..<6).map { lead(d[$0]) }
        let i = lead(d[6]), ii = lead(d[7])
        let avf = zip(ii, i).map { $0 - $1 / 2 }
        let qrs = Int((pre - 0.08) * fs)..<Int((pre + 0.16) * fs)
        let tIndex = min(n - 1, Int((pre + m.t.center) * fs))
        let tLeads = [i, ii, avf, v[2], v[3], v[4], v[5]].map { $0[tIndex] }
        invertedT = tLeads.filter { $0 < -0.1 }.count >= 2
        lowT = [i, ii, v[2], v[3], v[4], v[5]].map { abs($0[tIndex]) }.filter { $0 < 0.1 }.count >= 4
        let areaI = i[qrs].reduce(0, +), areaF = avf[qrs].reduce(0, +)
        let angle = atan2(areaF, areaI) * 180 / .pi
        axis = angle > 90 ? "RAD" : (angle < -30 ? "LAD" : "MID")
    }
}
