import ArgumentParser
import Augment
import Datasets
import FileSupport
import Foundation
import TensorCore

/// `runexp augment`: look at what the augmentations do.
struct AugmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augment",
        abstract: "Inspect the ECG augmentations.",
        subcommands: [AugmentPreviewCommand.self, AugmentListCommand.self]
    )
}

/// `runexp augment list`: every transformation with its parameters, defaults and valid ranges.
struct AugmentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the transformations, their abbreviations, parameters, defaults and valid ranges."
    )

    func run() throws {
        for kind in TransformKind.allCases {
            print(kind.abbreviation.map { "\(kind.rawValue) (\($0))" } ?? kind.rawValue)
            for p in kind.parameterSpecs {
                print("    \(p.name) = \(p.defaultValue)    \(p.summary); \(p.rule)")
            }
        }
    }
}

/// `runexp augment preview`: a window and N augmented views as CSV and SVG.
struct AugmentPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Write a window and augmented views of it as CSV (one column per lead and view) and SVG.",
        discussion: """
        Without --record the window is the first record of the embedded synthetic corpus (seed 0).
        A record is a 100 Hz WFDB record (PATH.hea, e.g. PTB-XL's records100/00000/00001_lr.hea; leads matched by name,
        missing leads left at 0) or a CSV file of 12 columns in mV, leads in the order
        I, II, V1..V6, III, aVR, aVL, aVF (a header line is allowed). The window is the record's
        first --length samples.
        """
    )

    @Option(help: "Comma-separated transformations in order, full names or abbreviations (e.g. RRC,TO).")
    var trafos: String?

    @Option(help: "Instead of --trafos: the evaluation's noise level 1...6 (BlW, PlN, EM, BlS).")
    var noiseLevel: Int?

    @Option(help: "A 100 Hz WFDB record (.hea) or a 12-column CSV (mV, 100 Hz). Default: a synthetic record.")
    var record: String?

    @Option(help: "Number of augmented views.")
    var views: Int = 2

    @Option(help: "Seed of the augmentation generator.")
    var seed: UInt64 = 0

    @Option(help: "Window length in samples (250 = the 2.5 s training window).")
    var length: Int = 250

    @Option(help: "Output directory (created if missing).")
    var out: String = "augment-preview"

    func run() throws {
        do {
            guard (1...16).contains(views) else {
                throw PreviewError("--views must be in 1...16, got \(views)")
            }
            guard length >= 2 else { throw PreviewError("--length must be at least 2, got \(length)") }
            let pipeline: AugmentationPipeline
            switch (trafos, noiseLevel) {
            case let (names?, nil): pipeline = try AugmentationPipeline.parse(names)
            case let (nil, level?): pipeline = try NoiseLevel(level).pipeline
            default: throw PreviewError("give exactly one of --trafos and --noise-level")
            }
            let window = try record.map { try readPreviewRecord(path: $0, length: length) }
                ?? syntheticPreviewWindow(length: length)
            var rng = SeededGenerator(seed: seed)
            let source = Tensor(shape: [1, Leads.count, length], scalars: window)
            let augmented = try pipeline.views(of: source, count: views, rng: &rng)
            let columns = [window] + (0..<views).map { v in
                Array(augmented.scalars[(v * window.count)..<((v + 1) * window.count)])
            }
            let titles = ["original"] + (1...views).map { "view \($0)" }
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("preview.csv"), svg = dir.appendingPathComponent("preview.svg")
            try AtomicFile.write(previewCSV(columns: columns, titles: titles, length: length), to: csv)
            let what = noiseLevel.map { "noise level \($0) (\(pipeline.abbreviations))" } ?? pipeline.abbreviations
            let heading = "\(what) · seed \(seed) · \(record.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "synthetic record")"
            try AtomicFile.write(previewSVG(columns: columns, titles: titles, length: length, heading: heading), to: svg)
            print("pipeline: \(pipeline)")
            print("wrote \(csv.path)")
            print("wrote \(svg.path)")
        } catch let e as AugmentError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(2)
        } catch let e as PreviewError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(2)
        } catch let e as DatasetError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// A bad preview input (file, option), with the message to print.
struct PreviewError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// The first `length` samples of a WFDB record (`.hea`) or a 12-column CSV, lead-major.
func readPreviewRecord(path: String, length: Int) throws -> [Float] {
    path.hasSuffix(".csv") ? try readRecordCSV(path: path, length: length) : try readRecordWFDB(path: path, length: length)
}

/// The first `length` samples of the embedded synthetic corpus' first record (Datasets'
/// generator, seed 0 whatever --seed is, so seeds compare augmentations of one window), generated
/// into a temporary directory and read back like any WFDB record.
func syntheticPreviewWindow(length: Int) throws -> [Float] {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("runexp-augment-preview-\(ProcessInfo.processInfo.processIdentifier)")
    try? fm.removeItem(at: root)
    defer { try? fm.removeItem(at: root) }
    let layout = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 0, unlabeledRecords: 1, seed: 0), into: root)
    let list = try String(contentsOf: layout.unlabeled.appendingPathComponent("RECORDS"), encoding: .utf8)
    guard let first = list.split(whereSeparator: \.isNewline).first else {
        throw PreviewError("\(layout.unlabeled.path)/RECORDS: the synthetic corpus lists no record")
    }
    return try readRecordWFDB(path: layout.unlabeled.appendingPathComponent(String(first)).path, length: length)
}

/// Reads a 100 Hz WFDB record's leads into their slots of the fixed order (missing leads stay 0,
/// as in the reference's preprocessing); other rates need resampling by ingest first.
func readRecordWFDB(path: String, length: Int) throws -> [Float] {
    let url = URL(fileURLWithPath: path.hasSuffix(".hea") ? String(path.dropLast(4)) : path)
    let record = try WFDBReader.read(url.lastPathComponent, from: DirectorySource(root: url.deletingLastPathComponent()))
    var window = [Float](repeating: 0, count: Leads.count * length)
    var found: [String] = []
    for (i, signal) in record.header.signals.enumerated() {
        guard let slot = Leads.slot(of: signal.description) else { continue }
        let fs = record.header.samplingFrequency(of: i)
        guard fs == augmentSamplingRate else {
            throw PreviewError("\(path): lead \(signal.description) is sampled at \(fs) Hz; the preview needs 100 Hz records (PTB-XL's records100, or an ingested store)")
        }
        let mv = try record.millivolts(i, file: path)
        guard mv.count >= length else {
            throw PreviewError("\(path): needs at least \(length) samples, lead \(signal.description) has \(mv.count)")
        }
        for t in 0..<length { window[slot * length + t] = mv[t].isNaN ? 0 : mv[t] }
        found.append(signal.description)
    }
    guard !found.isEmpty else {
        throw PreviewError("\(path): no ECG lead names among \(record.header.signals.map(\.description))")
    }
    return window
}

/// Reads the first `length` rows of a 12-column CSV (optional header) into a lead-major window.
func readRecordCSV(path: String, length: Int) throws -> [Float] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw PreviewError("\(path): cannot read file")
    }
    var rows: [[Float]] = []
    for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() where rows.count < length {
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = fields.compactMap(Float.init)
        if n == 0 && values.count != fields.count { continue }  // header
        guard values.count == fields.count, values.count == Leads.count else {
            throw PreviewError("\(path):\(n + 1): expected \(Leads.count) numeric columns (mV), got '\(line)'")
        }
        rows.append(values)
    }
    guard rows.count == length else {
        throw PreviewError("\(path): needs at least \(length) samples, has \(rows.count)")
    }
    return (0..<Leads.count).flatMap { c in rows.map { $0[c] } }
}
