import Datasets
import Foundation

/// Dataset figures: synthetic generation and ingest of a full-size PTB-XL-layout set into a
/// store, side by side with `wfdb.rdsamp` (scripts/bench_wfdb_rdsamp.py) over the same files.
///
/// Environment: BENCH_DATASET_RECORDS (default 21,837), BENCH_RDSAMP_LIMIT (records timed with
/// wfdb.rdsamp, default 2,000: it is a rate, and Python is slow), ORACLE_PYTHON (default .venv/bin/python).
func runDatasetBenchmarks() {
    let env = ProcessInfo.processInfo.environment
    let records = Int(env["BENCH_DATASET_RECORDS"] ?? "") ?? SyntheticDatasetOptions.fullSize
    let rdsampLimit = Int(env["BENCH_RDSAMP_LIMIT"] ?? "") ?? 2000
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("bench-datasets-\(getpid())")
    defer { try? FileManager.default.removeItem(at: root) }
    do {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var t = Date()
        let layout = try SyntheticDataset.generate(SyntheticDatasetOptions(records: records, unlabeledRecords: 0, seed: 0),
                                                   into: root.appendingPathComponent("synthetic"))
        let genSeconds = Date().timeIntervalSince(t)
        print(String(format: "datasets: synthetic generation  %6d records  %7.2f s  %8.0f records/s", records, genSeconds, Double(records) / genSeconds))

        t = Date()
        let summary = try Ingest.run(PTBXLReader(source: DirectorySource(root: layout.ptbxl)), format: .ptbxl,
                                     destination: root.appendingPathComponent("store"))
        let ingestSeconds = Date().timeIntervalSince(t)
        let ours = Double(summary.store.count) / ingestSeconds
        print(String(format: "datasets: ingest into store      %6d records  %7.2f s  %8.0f records/s", summary.store.count, ingestSeconds, ours))

        let python = env["ORACLE_PYTHON"] ?? ".venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("datasets: wfdb.rdsamp comparison skipped (no \(python); run `make venv`)")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["scripts/bench_wfdb_rdsamp.py", layout.ptbxl.path, "--limit", String(rdsampLimit)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Double],
              let theirs = json["records_per_s"], let n = json["records"], let s = json["seconds"] else {
            print("datasets: wfdb.rdsamp comparison failed (exit \(p.terminationStatus))")
            return
        }
        print(String(format: "datasets: wfdb.rdsamp (Python)   %6.0f records  %7.2f s  %8.0f records/s", n, s, theirs))
        print(String(format: "datasets: ingest / rdsamp speed ratio: %.1fx (target >= 10x)", ours / theirs))
    } catch {
        print("datasets: benchmark failed: \(error)")
    }
}
