import Foundation
import TensorCore
import TestSupport
import XCTest
@testable import Datasets

/// Leads in `SyntheticRecording.leads` (file order).
private enum L { static let i = 0, ii = 1, iii = 2, avr = 3, avl = 4, avf = 5, v1 = 6, v2 = 7, v5 = 10, v6 = 11 }

final class SyntheticTests: XCTestCase {
    /// A random patient with exactly `codes` (severity `s`) at `rate` bpm, recorded without noise.
    func record(_ seed: Int, _ codes: [String], severity s: Double = 0.8, afib: Bool = false, rate: Double = 60) -> SyntheticRecording {
        var rng = SeededGenerator(seed: UInt64(seed))
        var p = SyntheticPatient.random(&rng)
        p.conditions = codes.map { Condition(code: $0, severity: s, reported: true, variant: false) }
        p.atrialFibrillation = afib
        p.restingRate = rate
        var r = SeededGenerator(seed: UInt64(seed) &+ 1000)
        return SyntheticRecorder.record(p, duration: 10, fs: 100, noise: false, rng: &r)
    }

    /// R peaks found from the signal: maxima of the summed absolute slope of the 8 recorded leads.
    func detectPeaks(_ rec: SyntheticRecording) -> [Int] {
        let chans = [L.i, L.ii] + Array(6...11)
        let n = rec.leads[0].count
        var e = [Float](repeating: 0, count: n)
        for t in 1..<(n - 1) { e[t] = chans.map { abs(rec.leads[$0][t + 1] - rec.leads[$0][t - 1]) }.reduce(0, +) }
        let threshold = 0.4 * e.max()!
        var peaks: [Int] = []
        for t in 1..<(n - 1) where e[t] > threshold && e[t] >= e[t - 1] && e[t] >= e[t + 1] {
            if let last = peaks.last, t - last < 25 { if e[t] > e[last] { peaks[peaks.count - 1] = t }; continue }
            peaks.append(t)
        }
        return peaks
    }

    /// Mean over beats of `f(beat R index)`, skipping beats too close to the edges.
    func perBeat(_ rec: SyntheticRecording, _ f: (Int) -> Double) -> Double {
        let peaks = detectPeaks(rec).filter { $0 >= 45 && $0 < rec.leads[0].count - 50 }
        return peaks.map(f).reduce(0, +) / Double(max(1, peaks.count))
    }

    func qrsWidth(_ rec: SyntheticRecording) -> Double {
        // Samples around R whose slope energy stays above 10 % of the beat's peak.
        let chans = [L.i, L.ii] + Array(6...11)
        return perBeat(rec) { r in
            func e(_ t: Int) -> Float { chans.map { abs(rec.leads[$0][t + 1] - rec.leads[$0][t - 1]) }.reduce(0, +) }
            let peak = (r - 3...r + 3).map(e).max()!
            var lo = r, hi = r
            while lo > r - 15, e(lo - 1) > 0.1 * peak { lo -= 1 }
            while hi < r + 15, e(hi + 1) > 0.1 * peak { hi += 1 }
            return Double(hi - lo + 1) * 0.01
        }
    }

    func window(_ rec: SyntheticRecording, lead: Int, _ r: Int, _ a: Double, _ b: Double) -> ArraySlice<Float> {
        rec.leads[lead][(r + Int(a * 100))...(r + Int(b * 100))]
    }

    /// Mean over 16 patients of (with condition − without), each pair sharing anatomy and seed.
    func pairedDifference(_ codes: [String], afib: Bool = false, _ measure: (SyntheticRecording) -> Double) -> Double {
        (0..<16).map { k in measure(record(k, codes, afib: afib)) - measure(record(k, [])) }.reduce(0, +) / 16
    }

    func testBundleBranchBlocksWidenQRS() {
        let normal = (0..<16).map { qrsWidth(record($0, [])) }.reduce(0, +) / 16
        XCTAssertLessThan(normal, 0.11)
        XCTAssertGreaterThan(pairedDifference(["CLBBB"], qrsWidth), 0.03)
        XCTAssertGreaterThan(pairedDifference(["CRBBB"], qrsWidth), 0.012)  // 10 ms sampling resolves little more
        // RBBB's terminal rightward-anterior force: R' in V1.
        XCTAssertGreaterThan(pairedDifference(["CRBBB"]) { rec in self.perBeat(rec) { Double(self.window(rec, lead: L.v1, $0, 0.03, 0.12).max()!) } }, 0.15)
    }

    func testFirstDegreeAVBlockLengthensPR() {
        let pPeakToR = { (rec: SyntheticRecording) -> Double in
            self.perBeat(rec) { r in
                let w = self.window(rec, lead: L.ii, r, -0.40, -0.08)
                return Double(r - w.indices[w.firstIndex(of: w.max()!)!]) * 0.01
            }
        }
        XCTAssertGreaterThan(pairedDifference(["1AVB"], pPeakToR), 0.08)
    }

    func testAtrialFibrillationIsIrregular() {
        // Median successive RR change relative to the median RR: robust to an occasional PVC.
        func irregularity(_ rec: SyntheticRecording) -> Double {
            let p = detectPeaks(rec).map(Double.init)
            let rr = zip(p.dropFirst(), p).map { $0 - $1 }
            let d = zip(rr.dropFirst(), rr).map { abs($0 - $1) }.sorted()
            return d[d.count / 2] / rr.sorted()[rr.count / 2]
        }
        let sinus = (0..<16).map { irregularity(record($0, [])) }.reduce(0, +) / 16
        let afib = (0..<16).map { irregularity(record($0, [], afib: true)) }.reduce(0, +) / 16
        XCTAssertLessThan(sinus, 0.05)
        XCTAssertGreaterThan(afib, 3 * sinus)
    }

    func testRateStatementsMatchTheMeasuredRate() {
        var rng = SeededGenerator(seed: 5)
        var seen = Set<String>()
        for k in 0..<80 {
            var prng = rng.fork(k)
            var p = SyntheticPatient.random(&prng)
            p.conditions = []; p.atrialFibrillation = false
            let rec = SyntheticRecorder.record(p, duration: 10, fs: 100, noise: false, rng: &rng)
            let peaks = detectPeaks(rec)
            let rate = 60 / (Double(peaks.last! - peaks.first!) * 0.01 / Double(peaks.count - 1))
            let codes = Set(rec.scpCodes.map(\.code))
            if codes.contains("STACH") { XCTAssertGreaterThan(rate, 97) ; seen.insert("STACH") }
            if codes.contains("SBRAD") { XCTAssertLessThan(rate, 63); seen.insert("SBRAD") }
            if codes.contains("SR") { XCTAssertTrue((57...103).contains(rate), "SR at \(rate) bpm"); seen.insert("SR") }
        }
        XCTAssertEqual(seen, ["STACH", "SBRAD", "SR"])
    }

    func testMorphologyClassesMoveTheirLeads() {
        let qrs = { (rec: SyntheticRecording, lead: Int, maxNotMin: Bool) -> Double in
            self.perBeat(rec) { r in
                let w = self.window(rec, lead: lead, r, -0.06, 0.08)
                return Double(maxNotMin ? w.max()! : w.min()!)
            }
        }
        // LVH: Sokolow–Lyon voltage grows.
        XCTAssertGreaterThan(pairedDifference(["LVH"]) { -qrs($0, L.v1, false) + max(qrs($0, L.v5, true), qrs($0, L.v6, true)) }, 0.5)
        // IMI: Q waves in the inferior leads (aVF dips deeper before/at the QRS).
        XCTAssertLessThan(pairedDifference(["IMI"]) { qrs($0, L.avf, false) }, -0.1)
        // AMI: anterior r waves are lost (V2 QRS maximum drops).
        XCTAssertLessThan(pairedDifference(["AMI"]) { qrs($0, L.v2, true) }, -0.05)
        // NDT / ISC_: lateral T waves flatten.
        let lateralT = { (rec: SyntheticRecording) -> Double in
            self.perBeat(rec) { Double(self.window(rec, lead: L.v5, $0, 0.15, 0.45).max()!) }
        }
        XCTAssertLessThan(pairedDifference(["NDT"], lateralT), -0.1)
        XCTAssertLessThan(pairedDifference(["ISC_"], lateralT), -0.05)
    }

    /// Limb leads are derived from I and II exactly as Einthoven/Goldberger say, in memory and on disk.
    func testLimbLeadIdentities() throws {
        var rng = SeededGenerator(seed: 3)
        let p = SyntheticPatient.random(&rng)
        let rec = SyntheticRecorder.record(p, duration: 10, fs: 100, noise: true, rng: &rng)
        let l = rec.leads
        for t in 0..<1000 {
            XCTAssertEqual(l[L.iii][t], l[L.ii][t] - l[L.i][t])
            XCTAssertEqual(l[L.avr][t], -(l[L.i][t] + l[L.ii][t]) / 2)
            XCTAssertEqual(l[L.avl][t], l[L.i][t] - l[L.ii][t] / 2)
            XCTAssertEqual(l[L.avf][t], l[L.ii][t] - l[L.i][t] / 2)
        }
        // The Dower table is what projects the dipole: the unit X axis lands on the X column.
        XCTAssertEqual(DowerProjection.project(Vector3(1, 0, 0)), [-0.515, 0.044, 0.882, 1.213, 1.125, 0.831, 0.632, 0.235])
        let dir = try makeTemporaryDirectory(self)
        try WFDBWriter.writeFormat16(name: "x", directory: dir, samplingFrequency: 100,
                                     leadNames: SyntheticRecording.fileLeadNames, signals: l)
        let back = try WFDBReader.read("x", from: DirectorySource(root: dir))
        let d = (0..<12).map { try! back.millivolts($0, file: "x") }
        for t in 0..<1000 {
            XCTAssertEqual(d[L.iii][t], d[L.ii][t] - d[L.i][t], accuracy: 0.00101)
            XCTAssertEqual(d[L.avf][t], d[L.ii][t] - d[L.i][t] / 2, accuracy: 0.00101)
        }
    }

    func testGenerationIsDeterministicPerSeed() throws {
        let dir = try makeTemporaryDirectory(self)
        func make(_ name: String, seed: UInt64) throws -> SyntheticDatasetLayout {
            try SyntheticDataset.generate(SyntheticDatasetOptions(records: 40, unlabeledRecords: 5, seed: seed),
                                          into: dir.appendingPathComponent(name))
        }
        let a = try make("a", seed: 9), b = try make("b", seed: 9), c = try make("c", seed: 10)
        for f in ["ptbxl_database.csv", "scp_statements.csv", "records100/00000/00033_lr.dat", "records100/00000/00033_lr.hea"] {
            XCTAssertEqual(try Data(contentsOf: a.ptbxl.appendingPathComponent(f)), try Data(contentsOf: b.ptbxl.appendingPathComponent(f)), f)
        }
        XCTAssertNotEqual(try Data(contentsOf: a.ptbxl.appendingPathComponent("records100/00000/00033_lr.dat")),
                          try Data(contentsOf: c.ptbxl.appendingPathComponent("records100/00000/00033_lr.dat")))
        XCTAssertEqual(try Data(contentsOf: a.unlabeled.appendingPathComponent("RECORDS")),
                       try Data(contentsOf: b.unlabeled.appendingPathComponent("RECORDS")))
        // Folds are patient-wise: no patient spans two folds.
        let db = try PTBXLDatabase.read(from: DirectorySource(root: a.ptbxl))
        var foldOf: [Int: Int] = [:]
        for r in db.records {
            if let f = foldOf[r.patientID] { XCTAssertEqual(f, r.fold, "patient \(r.patientID)") }
            foldOf[r.patientID] = r.fold
        }
        XCTAssertEqual(Set(db.records.map(\.fold)), Set(1...10))
        assertDatasetError(try make("a", seed: 1), mentions: ["already exists"])
    }
}
