import ArgumentParser
import Archives
import Datasets
import Foundation

/// `runexp dataset …`: generate the synthetic default, ingest corpora into stores, inspect records.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Generate, ingest and inspect ECG datasets.",
        subcommands: [DatasetSynth.self, DatasetIngest.self, DatasetInspect.self])
}

/// Reports a dataset error on stderr; exit code 2 marks bad input (DESIGN "CLI conventions").
func badInput(_ e: DatasetError) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
    return ExitCode(2)
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
            throw badInput(e)
        }
    }
}

extension DatasetFormat: ExpressibleByArgument {}

struct DatasetIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read a corpus, resample to 100 Hz, order the leads and write a preprocessed store.")

    @Option(name: .long, help: "Corpus format: \(DatasetFormat.allCases.map(\.rawValue).joined(separator: "|")).")
    var format: DatasetFormat

    @Argument(help: "The corpus folder, or its distribution archive (.zip, .tar.gz) read without unpacking.")
    var directory: String

    @Option(name: .long, help: "Store directory to create (must not exist).")
    var out: String

    @Flag(name: .long, help: "PTB-XL only: read the 500 Hz files (filename_hr) instead of the 100 Hz ones.")
    var highRate = false

    func validate() throws {
        if highRate, format != .ptbxl { throw ValidationError("--high-rate applies to --format ptbxl only") }
    }

    func run() throws {
        let source: any FileSource
        do {
            source = try openDatasetSource(URL(fileURLWithPath: directory))
        } catch let e as DatasetError {
            throw badInput(e)
        } catch let e as ArchiveError {
            throw ValidationError(e.description)
        }
        let progress = ProgressPrinter("ingest")
        let start = Date()
        do {
            let summary = try Ingest.run(Ingest.reader(format, source: source, highRate: highRate), format: format,
                                         destination: URL(fileURLWithPath: out)) { progress.update($0, $1) }
            let secs = Date().timeIntervalSince(start)
            print("stored \(summary.store.count) records in \(out) (\(String(format: "%.1f", secs)) s, \(String(format: "%.0f", Double(summary.store.count) / max(secs, 1e-9))) records/s)")
            for (set, classes) in summary.store.index.labelSets.sorted(by: { $0.key < $1.key }) {
                print("  label set \(set): \(classes.count) classes")
            }
            if !summary.skipped.isEmpty {
                print("skipped \(summary.skipped.count) records:")
                for s in summary.skipped.prefix(20) { print("  \(s.id): \(s.reason)") }
            }
        } catch let e as DatasetError {
            throw badInput(e)
        } catch let e as ArchiveError {
            throw ValidationError(e.description)
        }
    }
}

struct DatasetInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a WFDB record's header and a per-lead summary in mV; --csv writes every sample.")

    @Argument(help: "Record path, with or without .hea.")
    var record: String

    @Option(name: .long, help: "Write all samples in mV (one column per lead, file order and rate) to this CSV.")
    var csv: String?

    func run() throws {
        var path = record
        if path.hasSuffix(".hea") { path.removeLast(4) }
        let url = URL(fileURLWithPath: path)
        let source = DirectorySource(root: url.deletingLastPathComponent())
        do {
            let rec = try WFDBReader.read(url.lastPathComponent, from: source)
            let h = rec.header
            print("record \(h.recordName): \(h.signals.count) signals, \(h.frameFrequency) Hz, \(h.frameCount.map(String.init) ?? "?") frames")
            for c in h.comments { print("# \(c)") }
            let file = path + ".hea"
            var columns: [[Float]] = []
            print("lead      format  gain     units  samples      min       max      mean       std")
            for (i, s) in h.signals.enumerated() {
                let mv = try rec.millivolts(i, file: file)
                columns.append(mv)
                let valid = mv.filter { !$0.isNaN }
                let mean = valid.reduce(0, +) / Float(max(1, valid.count))
                let std = (valid.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(max(1, valid.count))).squareRoot()
                let name = s.description.padding(toLength: 8, withPad: " ", startingAt: 0)
                let units = s.units.padding(toLength: 6, withPad: " ", startingAt: 0)
                print(name + String(format: " %6d  %-8g ", s.format.rawValue, s.gain) + units + String(format: " %7d %9.3f %9.3f %9.4f %9.4f", mv.count, valid.min() ?? .nan, valid.max() ?? .nan, mean, std))
            }
            if let csv {
                guard Set(columns.map(\.count)).count <= 1 else {
                    throw ValidationError("signals have different sampling rates; --csv needs one rate")
                }
                var text = h.signals.map(\.description).joined(separator: ",") + "\n"
                for t in 0..<(columns.first?.count ?? 0) {
                    text += columns.map { String($0[t]) }.joined(separator: ",") + "\n"
                }
                try text.write(toFile: csv, atomically: true, encoding: .utf8)
                print("wrote \(columns.first?.count ?? 0) rows to \(csv)")
            }
        } catch let e as DatasetError {
            throw badInput(e)
        }
    }
}
