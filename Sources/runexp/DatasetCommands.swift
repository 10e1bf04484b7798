import ArgumentParser
import Datasets
import Foundation

/// `runexp dataset …`: generate the synthetic default, ingest corpora into stores, inspect records.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Generate, ingest and inspect ECG datasets.",
        subcommands: [DatasetSynth.self])
}

/// Prints "label done/total" lines, rewriting one line on a terminal.
final class ProgressPrinter: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastPrinted = -1
    private let tty = isatty(STDERR_FILENO) != 0
    init(_ label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let pct = total == 0 ? 100 : done * 100 / total
        // On a terminal every percent; otherwise every 10 %.
        let step = tty ? 1 : 10
        guard pct / step != lastPrinted / step || done == total else { return }
        lastPrinted = pct
        let line = "\(label): \(done)/\(total) (\(pct)%)"
        FileHandle.standardError.write(Data((tty ? "\r" + line + (done == total ? "\n" : "") : line + "\n").utf8))
    }
}

struct DatasetSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write the seeded synthetic 12-lead dataset: DIR/ptbxl (PTB-XL layout) and DIR/unlabeled (WFDB + RECORDS).")

    @Option(name: .long, help: "Output directory (must not exist).")
    var out: String

    @Option(name: .long, help: "Labelled records (default 2000; --full uses PTB-XL's 21,837).")
    var records: Int?

    @Option(name: .long, help: "Unlabeled pretraining records (default: same as --records).")
    var unlabeled: Int?

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Full size: 21,837 labelled records, like PTB-XL.")
    var full = false

    func validate() throws {
        if full, records != nil { throw ValidationError("--full and --records are exclusive") }
        if let r = records, r < 1 { throw ValidationError("--records must be at least 1") }
        if let u = unlabeled, u < 0 { throw ValidationError("--unlabeled must not be negative") }
    }

    func run() throws {
        let n = full ? SyntheticDatasetOptions.fullSize : (records ?? 2000)
        let options = SyntheticDatasetOptions(records: n, unlabeledRecords: unlabeled ?? n, seed: seed)
        let progress = ProgressPrinter("synth")
        let start = Date()
        do {
            let layout = try SyntheticDataset.generate(options, into: URL(fileURLWithPath: out)) { progress.update($0, $1) }
            print("wrote \(n) labelled records to \(layout.ptbxl.path) and \(options.unlabeledRecords) unlabeled records to \(layout.unlabeled.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        } catch let e as DatasetError {
            throw ValidationError(e.description)
        }
    }
}
