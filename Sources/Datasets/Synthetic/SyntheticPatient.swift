import TensorCore

/// A chronic condition the generator can give a patient, with its severity in (0, 1].
struct Condition: Sendable {
    /// PTB-XL statement code.
    var code: String
    /// 0 = subclinical, 1 = textbook.
    var severity: Double
    /// Whether the (simulated) cardiologist wrote the statement; mild findings are sometimes missed.
    var reported: Bool
    /// Condition-specific switch (T inversion for MI, strain for LVH, acute ST elevation for AMI).
    var variant: Bool
}

/// Everything about a patient that stays fixed across their recordings: anatomy, conduction,
/// baseline rate and chronic conditions.
struct SyntheticPatient: Sendable {
    var age: Int
    var sex: Int
    /// Resting sinus rate, beats per minute.
    var restingRate: Double
    /// Electrical-axis rotations (radians) about Z (frontal), Y (horizontal) and X (sagittal).
    var frontal: Double, horizontal: Double, sagittal: Double
    /// Body-habitus voltage scale and per-wave scales.
    var amplitude: Double, pScale: Double, qScale: Double, rScale: Double, sScale: Double, tScale: Double
    /// Per-patient departures of the P, Q, R, S, T directions (mV) and widths from the textbook beat.
    var shapeJitter: [Vector3]
    var widthScales: [Double]
    /// A small extra QRS component (notching/fragmentation) some normal hearts show.
    var fragment: Wave?
    /// Gain of each recorded channel (V1…V6, I, II) from electrode placement.
    var electrodeGains: [Double]
    /// PR interval (s), QRS duration factor, corrected QT (s).
    var pr: Double, qrsFactor: Double, qtc: Double
    /// Chronic conditions (diagnostic statements) and atrial fibrillation.
    var conditions: [Condition]
    var atrialFibrillation: Bool

    func has(_ code: String) -> Condition? { conditions.first { $0.code == code } }

    /// A random patient; disease prevalence rises with age.
    static func random(_ rng: inout SeededGenerator) -> SyntheticPatient {
        let age = Int(rng.uniform(18, 90))
        let risk = Double(age - 18) / 72
        let sex = rng.uniform() < 0.5 ? 0 : 1
        // Rates: mostly normal, with tachycardic and bradycardic minorities.
        let u = rng.uniform()
        let rate: Double
        if u < 0.11 { rate = rng.uniform(96, 135) }
        else if u < 0.22 { rate = rng.uniform(42, 64) }
        else { rate = min(102, max(55, rng.normal(mean: 74, std: 9))) }
        // Many findings are mild: severity piles up towards the normal end.
        func severity(_ rng: inout SeededGenerator) -> Double { 0.1 + 0.9 * pow(rng.uniform(), 1.3) }
        var conditions: [Condition] = []
        func maybe(_ code: String, _ p: Double, _ rng: inout SeededGenerator, variant pv: Double = 0.5) {
            guard rng.uniform() < p else { return }
            let s = severity(&rng)
            // Mild findings are missed more often; a few textbook ones too.
            let missed = rng.uniform() < (s < 0.3 ? 0.35 : (s < 0.5 ? 0.12 : 0.05))
            conditions.append(Condition(code: code, severity: s, reported: !missed, variant: rng.uniform() < pv))
        }
        maybe("IMI", 0.05 + 0.12 * risk, &rng, variant: 0.6)
        maybe("AMI", 0.04 + 0.09 * risk, &rng, variant: 0.3)
        maybe("LVH", 0.05 + 0.10 * risk, &rng, variant: 0.45)
        if rng.uniform() < 0.03 + 0.05 * risk {
            maybe(rng.uniform() < 0.45 ? "CLBBB" : "CRBBB", 1, &rng)
        }
        let afib = rng.uniform() < 0.03 + 0.12 * risk
        if !afib { maybe("1AVB", 0.04 + 0.06 * risk, &rng) }
        maybe("ISC_", 0.04 + 0.10 * risk, &rng)
        maybe("NDT", 0.05 + 0.05 * risk, &rng)
        // Over-reading: now and then a statement is written for a heart that does not show it.
        for code in ["IMI", "AMI", "LVH", "ISC_", "NDT"] where !conditions.contains(where: { $0.code == code }) {
            if rng.uniform() < 0.012 { conditions.append(Condition(code: code, severity: 0, reported: true, variant: false)) }
        }
        let deg = Double.pi / 180
        return SyntheticPatient(
            age: age, sex: sex, restingRate: rate,
            frontal: rng.normal(mean: 0, std: 28 * deg) - (risk * 10 * deg), horizontal: rng.normal(mean: 0, std: 22 * deg),
            sagittal: rng.normal(mean: 0, std: 14 * deg),
            amplitude: exp(rng.normal(mean: 0, std: 0.33)) * (sex == 0 ? 1.05 : 0.95),
            pScale: exp(rng.normal(mean: 0, std: 0.25)), qScale: exp(rng.normal(mean: 0, std: 0.35)),
            rScale: exp(rng.normal(mean: 0, std: 0.15)), sScale: exp(rng.normal(mean: 0, std: 0.3)),
            tScale: exp(rng.normal(mean: 0, std: 0.28)),
            shapeJitter: [0.04, 0.04, 0.18, 0.12, 0.08].map { sd in
                Vector3(rng.normal(mean: 0, std: sd), rng.normal(mean: 0, std: sd), rng.normal(mean: 0, std: sd))
            },
            widthScales: (0..<5).map { _ in exp(rng.normal(mean: 0, std: 0.15)) },
            fragment: rng.uniform() < 0.5
                ? Wave(rng.uniform(-0.03, 0.035), rng.uniform(0.006, 0.012),
                       Vector3(rng.normal(), rng.normal(), rng.normal()) * rng.uniform(0.03, 0.12))
                : nil,
            electrodeGains: (0..<8).map { k in exp(rng.normal(mean: 0, std: k < 6 ? 0.15 : 0.08)) },
            pr: min(0.20, max(0.115, rng.normal(mean: 0.155, std: 0.02))),
            qrsFactor: min(1.25, max(0.8, rng.normal(mean: 1, std: 0.08))),
            qtc: rng.normal(mean: 0.41, std: 0.02),
            conditions: conditions, atrialFibrillation: afib)
    }

    /// The patient's sinus-beat morphology for a beat whose preceding RR interval is `rr` seconds.
    func morphology(rr: Double) -> BeatMorphology {
        let qt = qtc * rr.squareRoot()
        var pr = self.pr
        if let avb = has("1AVB") { pr = 0.21 + 0.11 * avb.severity }
        var m = BeatMorphology(
            p: Wave(-pr + 0.01, 0.022, Vector3(0.10, 0.12, -0.03) * pScale),
            q: Wave(-0.024, 0.008, Vector3(-0.08, -0.03, -0.08) * qScale),
            r: Wave(0, 0.0105, Vector3(0.9, 0.55, 0.35) * rScale),
            s: Wave(0.026, 0.009, Vector3(-0.35, -0.25, 0.45) * sScale),
            t: Wave(qt - 0.1, 0.055, Vector3(0.3, 0.15, -0.15) * tScale, widthAfter: 0.038),
            st: Wave(0.13 * min(1.2, rr.squareRoot()), 0.05, .zero, widthAfter: 0.04))
        for (k, path) in [\BeatMorphology.p, \.q, \.r, \.s, \.t].enumerated() {
            m[keyPath: path].direction = m[keyPath: path].direction + shapeJitter[k]
            m[keyPath: path].widthBefore *= widthScales[k]
            m[keyPath: path].widthAfter *= widthScales[k]
        }
        if let f = fragment { m.extra.append(f) }
        m.widenQRS(by: qrsFactor)
        for c in conditions { apply(c, to: &m) }
        // Patient anatomy rotates every wave; habitus scales them.
        func place(_ w: Wave) -> Wave {
            var w = w
            w.direction = w.direction.rotated(frontal: frontal, horizontal: horizontal, sagittal: sagittal) * amplitude
            return w
        }
        m.p = place(m.p); m.q = place(m.q); m.r = place(m.r); m.s = place(m.s); m.t = place(m.t); m.st = place(m.st)
        m.extra = m.extra.map(place)
        m.hasP = !atrialFibrillation
        return m
    }

    /// How each condition reshapes the beat (DESIGN "Facts for the synthetic generator").
    private func apply(_ c: Condition, to m: inout BeatMorphology) {
        let s = c.severity
        switch c.code {
        case "IMI":
            // Necrosis: initial forces point away from the inferior wall → Q in II, III, aVF.
            m.extra.append(Wave(-0.018, 0.012, Vector3(0.02, -0.45 * s, -0.05 * s)))
            m.r.direction.y *= 1 - 0.45 * s
            if c.variant { m.t.direction.y -= 0.3 * s }
        case "AMI":
            // Loss of anterior forces → QS / poor R progression in V1–V4, anterior T inversion.
            m.q.direction = m.q.direction * (1 - s)
            m.extra.append(Wave(-0.015, 0.012, Vector3(-0.05 * s, 0, 0.55 * s)))
            m.r.direction.z += 0.15 * s
            m.t.direction.z += 0.3 * s
            if c.variant { m.st.direction = m.st.direction + Vector3(0.02, 0, -0.12 * s) }
        case "LVH":
            m.r.direction = Vector3(m.r.direction.x * (1 + 0.8 * s), m.r.direction.y * (1 + 0.3 * s),
                                    m.r.direction.z * (1 + 1.2 * s) + 0.1 * s)
            m.s.direction.z *= 1 + 0.8 * s
            m.p.direction = m.p.direction * (1 + 0.2 * s)
            m.widenQRS(by: 1 + 0.1 * s)
            if c.variant {  // strain: ST depression and T opposite the QRS laterally
                m.t.direction = m.t.direction * (1 - 1.3 * s)
                m.st.direction = m.st.direction + Vector3(-0.05 * s, -0.02 * s, 0.04 * s)
            }
        case "CLBBB":
            // Septum activates right-to-left, then the LV late and slowly: broad notched R in I/V6, QS in V1.
            let w = 1 + 0.25 * s
            m.q = Wave(-0.03 * w, 0.012, Vector3(0.12, 0.02, 0.08))
            m.r = Wave(0.0, 0.02 * w, Vector3(0.55, 0.25, 0.55) * m.r.direction.length)
            m.extra.append(Wave(0.05 * w, 0.022 * w, Vector3(0.55, 0.1, 0.45) * m.r.direction.length))
            m.s.direction = m.s.direction * 0.2
            m.t.direction = Vector3(-0.15, -0.02, -0.2) * (0.6 + 0.4 * s)
            m.st.direction = Vector3(-0.05, 0, -0.08) * s
        case "CRBBB":
            // Late right-ventricular activation: terminal right-anterior force → R' in V1, broad S in I/V6.
            m.widenQRS(by: 1 + 0.15 * s)
            m.extra.append(Wave(0.055 + 0.02 * s, 0.016 + 0.006 * s, Vector3(-0.35, -0.05, -0.5) * (0.7 + 0.5 * s)))
            m.s.direction = m.s.direction * 0.5
            m.t.direction.z += 0.12 * s
        case "ISC_":
            m.st.direction = m.st.direction + Vector3(-0.07, -0.04, 0.03) * (0.4 + 0.6 * s)
            m.t.direction = m.t.direction * (1 - 0.7 * s)
        case "NDT":
            m.t.direction = m.t.direction * (0.6 - s)
            m.t.direction.z += 0.05 * s
        default:
            break
        }
    }
}

import Foundation
