import FileSupport
import Foundation
import TensorCore

/// Sizes and seed of a synthetic dataset.
public struct SyntheticDatasetOptions: Sendable {
    /// Labelled records in the PTB-XL-layout folder.
    public var records: Int
    /// Records in the unlabeled pretraining corpus.
    public var unlabeledRecords: Int
    /// Seed of everything.
    public var seed: UInt64
    /// Record length in seconds.
    public var duration: Double = 10
    /// Sampling rate of the written files (PTB-XL's `records100`).
    public let samplingRate: Double = 100

    /// PTB-XL's own size, used by `--full`.
    public static let fullSize = 21_837

    /// Options for `records` labelled and `unlabeledRecords` unlabeled records.
    public init(records: Int = 2000, unlabeledRecords: Int = 2000, seed: UInt64 = 0) {
        self.records = records
        self.unlabeledRecords = unlabeledRecords
        self.seed = seed
    }
}

/// Where `SyntheticDataset.generate` put things.
public struct SyntheticDatasetLayout: Sendable {
    /// PTB-XL layout: `ptbxl_database.csv`, `scp_statements.csv`, `records100/…`.
    public let ptbxl: URL
    /// Unlabeled corpus: a WFDB `RECORDS` list and `records/…` (ingest format `wfdb`).
    public let unlabeled: URL

    /// The layout under `root`.
    public init(root: URL) {
        ptbxl = root.appendingPathComponent("ptbxl")
        unlabeled = root.appendingPathComponent("unlabeled")
    }
}

/// The embedded default dataset: seeded synthetic 12-lead ECGs written in PTB-XL's on-disk layout
/// plus an unlabeled pretraining corpus, so the real loaders are what read it.
public enum SyntheticDataset {
    /// Generates the dataset into `root` (which must not exist yet): built in a temporary sibling
    /// directory and renamed into place. Records are generated in parallel, each from its own
    /// forked stream, so the output depends on the seed only. `progress(done, total)` is called
    /// from worker threads.
    @discardableResult
    public static func generate(_ options: SyntheticDatasetOptions, into root: URL,
                                progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SyntheticDatasetLayout {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: root.path) else {
            throw DatasetError(file: root.path, "output directory already exists; remove it or choose another --out")
        }
        guard options.records >= 0, options.unlabeledRecords >= 0 else {
            throw DatasetError(file: root.path, "record counts must not be negative")
        }
        let tmp = root.deletingLastPathComponent()
            .appendingPathComponent(".\(root.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: tmp)
        do {
            let layout = SyntheticDatasetLayout(root: tmp)
            try fm.createDirectory(at: layout.ptbxl, withIntermediateDirectories: true)
            try fm.createDirectory(at: layout.unlabeled, withIntermediateDirectories: true)
            let base = SeededGenerator(seed: options.seed)
            let total = options.records + options.unlabeledRecords
            let counter = Counter()
            let report: @Sendable () -> Void = { let d = counter.increment(); progress?(d, total) }
            try writeLabelled(options, base: base.fork(1), into: layout.ptbxl, tick: report)
            try writeUnlabeled(options, base: base.fork(2), into: layout.unlabeled, tick: report)
            guard rename(tmp.path, root.path) == 0 else {
                throw DatasetError(file: root.path, "cannot rename the finished dataset into place (errno \(errno))")
            }
            return SyntheticDatasetLayout(root: root)
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
    }

    /// Record `k`'s patient index: most patients have one recording, some two or three.
    static func patientAssignment(records: Int, rng: inout SeededGenerator) -> (patientOf: [Int], patients: Int) {
        var patientOf: [Int] = []
        patientOf.reserveCapacity(records)
        var p = 0
        while patientOf.count < records {
            let u = rng.uniform()
            let n = u < 0.03 ? 3 : (u < 0.13 ? 2 : 1)
            for _ in 0..<n where patientOf.count < records { patientOf.append(p) }
            p += 1
        }
        return (patientOf, p)
    }

    private static func writeLabelled(_ o: SyntheticDatasetOptions, base: SeededGenerator, into dir: URL,
                                      tick: @escaping @Sendable () -> Void) throws {
        var assignRng = base.fork(0)
        let (patientOf, patientCount) = patientAssignment(records: o.records, rng: &assignRng)
        // Patient-wise folds: a random permutation of patients dealt round-robin into 10 folds.
        var foldRng = base.fork(1)
        let order = foldRng.permutation(patientCount)
        var foldOf = [Int](repeating: 0, count: patientCount)
        for (rank, p) in order.enumerated() { foldOf[p] = rank % 10 + 1 }
        let patientBase = base.fork(2), recordBase = base.fork(3)

        try createRecordDirectories(count: o.records, under: dir.appendingPathComponent("records100"))
        let rows = try parallelMap(o.records) { k -> String in
            let id = k + 1
            var prng = patientBase.fork(patientOf[k])
            let patient = SyntheticPatient.random(&prng)
            var rng = recordBase.fork(k)
            let rec = SyntheticRecorder.record(patient, duration: o.duration, fs: o.samplingRate, noise: true, rng: &rng)
            let folder = String(format: "%05d", (id / 1000) * 1000)
            let name = String(format: "%05d", id)
            try WFDBWriter.writeFormat16(name: name + "_lr", directory: dir.appendingPathComponent("records100/" + folder),
                                         samplingFrequency: o.samplingRate, leadNames: SyntheticRecording.fileLeadNames,
                                         signals: rec.leads)
            tick()
            return databaseRow(id: id, patient: patientOf[k] + 1, info: patient, recording: rec, fold: foldOf[patientOf[k]],
                               lr: "records100/\(folder)/\(name)_lr", hr: "records500/\(folder)/\(name)_hr", rng: &rng)
        }
        var csv = databaseColumns.joined(separator: ",") + "\n"
        for r in rows { csv += r + "\n" }
        try writeAtomically(Data(csv.utf8), to: dir.appendingPathComponent("ptbxl_database.csv"))
        var st = SyntheticStatements.header.map(CSV.field).joined(separator: ",") + "\n"
        for r in SyntheticStatements.rows { st += r.map(CSV.field).joined(separator: ",") + "\n" }
        try writeAtomically(Data(st.utf8), to: dir.appendingPathComponent("scp_statements.csv"))
    }

    private static func writeUnlabeled(_ o: SyntheticDatasetOptions, base: SeededGenerator, into dir: URL,
                                       tick: @escaping @Sendable () -> Void) throws {
        var assignRng = base.fork(0)
        let (patientOf, _) = patientAssignment(records: o.unlabeledRecords, rng: &assignRng)
        let patientBase = base.fork(2), recordBase = base.fork(3)
        try createRecordDirectories(count: o.unlabeledRecords, under: dir.appendingPathComponent("records"))
        let names = try parallelMap(o.unlabeledRecords) { k -> String in
            let id = k + 1
            var prng = patientBase.fork(patientOf[k])
            let patient = SyntheticPatient.random(&prng)
            var rng = recordBase.fork(k)
            let rec = SyntheticRecorder.record(patient, duration: o.duration, fs: o.samplingRate, noise: true, rng: &rng)
            let folder = String(format: "%05d", (id / 1000) * 1000)
            let name = String(format: "u%05d", id)
            try WFDBWriter.writeFormat16(name: name, directory: dir.appendingPathComponent("records/" + folder),
                                         samplingFrequency: o.samplingRate, leadNames: SyntheticRecording.fileLeadNames,
                                         signals: rec.leads)
            tick()
            return "records/\(folder)/\(name)"
        }
        try writeAtomically(Data((names.joined(separator: "\n") + (names.isEmpty ? "" : "\n")).utf8),
                            to: dir.appendingPathComponent("RECORDS"))
    }

    private static func createRecordDirectories(count: Int, under dir: URL) throws {
        var k = 0
        repeat {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(String(format: "%05d", k)),
                                                    withIntermediateDirectories: true)
            k += 1000
        } while k <= count
    }

    /// The columns of PTB-XL's `ptbxl_database.csv`, in order.
    static let databaseColumns = [
        "ecg_id", "patient_id", "age", "sex", "height", "weight", "nurse", "site", "device", "recording_date", "report",
        "scp_codes", "heart_axis", "infarction_stadium1", "infarction_stadium2", "validated_by", "second_opinion",
        "initial_autogenerated_report", "validated_by_human", "baseline_drift", "static_noise", "burst_noise",
        "electrodes_problems", "extra_beats", "pacemaker", "strat_fold", "filename_lr", "filename_hr",
    ]

    static func databaseRow(id: Int, patient: Int, info: SyntheticPatient, recording r: SyntheticRecording, fold: Int,
                            lr: String, hr: String, rng: inout SeededGenerator) -> String {
        let scp = "{" + r.scpCodes.map { "'\($0.code)': \(pythonFloat($0.likelihood))" }.joined(separator: ", ") + "}"
        let report = r.scpCodes.map { SyntheticStatements.description(of: $0.code) }.joined(separator: ". ") + "."
        let date = String(format: "%04d-%02d-%02d %02d:%02d:%02d", rng.int(1989...2001), rng.int(1...12), rng.int(1...28),
                          rng.int(7...19), rng.int(0...59), rng.int(0...59))
        let fields: [String] = [
            String(id), "\(patient).0", "\(info.age).0", String(info.sex), "", "", "", "", "SYNTH-12", date, report, scp,
            r.heartAxis, "", "", "", "False", "False", "True", r.strongWander ? ", alles" : "", "", "", "",
            r.hasPVC ? "VES" : "", "", String(fold), lr, hr,
        ]
        return fields.map(CSV.field).joined(separator: ",")
    }

    static func pythonFloat(_ x: Double) -> String {
        x == x.rounded() ? "\(Int(x)).0" : String(x)
    }
}

/// A thread-safe counter for progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// `body(0..<count)` on all cores, results in index order; the first error is rethrown.
func parallelMap<T>(_ count: Int, chunk: Int = 16, _ body: (Int) throws -> T) throws -> [T] {
    var results = [T?](repeating: nil, count: count)
    var firstError: Error?
    let lock = NSLock()
    results.withUnsafeMutableBufferPointer { out in
        let chunks = (count + chunk - 1) / chunk
        let outBase = out.baseAddress!
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for k in (c * chunk)..<min(count, (c + 1) * chunk) {
                lock.lock(); let failed = firstError != nil; lock.unlock()
                if failed { return }
                do { (outBase + k).pointee = try body(k) } catch {
                    lock.lock(); if firstError == nil { firstError = error }; lock.unlock()
                    return
                }
            }
        }
    }
    if let e = firstError { throw e }
    return results.map { $0! }
}
