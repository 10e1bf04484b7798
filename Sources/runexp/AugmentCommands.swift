import ArgumentParser
import Augment
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
        Without --record the window is a synthetic 12-lead beat sequence. A record is a CSV file of
        12 columns in mV, leads in the order I, II, V1..V6, III, aVR, aVL, aVF, sampled at 100 Hz
        (a header line is allowed); the window is its first --length samples.
        """
    )

    @Option(help: "Comma-separated transformations in order, full names or abbreviations (e.g. RRC,TO).")
    var trafos: String

    @Option(help: "A 12-column CSV record (mV, 100 Hz). Default: a synthetic window.")
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
            let pipeline = try Pipeline.parse(trafos)
            let window = try record.map { try readRecordCSV(path: $0, length: length) }
                ?? syntheticPreviewWindow(length: length)
            var rng = SeededGenerator(seed: seed)
            let source = Tensor(shape: [1, previewLeadNames.count, length], scalars: window)
            let augmented = try pipeline.views(of: source, count: views, rng: &rng)
            let columns = [window] + (0..<views).map { v in
                Array(augmented.scalars[(v * window.count)..<((v + 1) * window.count)])
            }
            let titles = ["original"] + (1...views).map { "view \($0)" }
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("preview.csv"), svg = dir.appendingPathComponent("preview.svg")
            try writeAtomically(previewCSV(columns: columns, titles: titles, length: length), to: csv)
            let heading = "\(pipeline.abbreviations) · seed \(seed) · \(record.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "synthetic window")"
            try writeAtomically(previewSVG(columns: columns, titles: titles, length: length, heading: heading), to: svg)
            print("pipeline: \(pipeline)")
            print("wrote \(csv.path)")
            print("wrote \(svg.path)")
        } catch let e as AugmentError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(2)
        } catch let e as PreviewError {
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

/// The project's fixed lead order.
let previewLeadNames = ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6", "III", "aVR", "aVL", "aVF"]

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
        guard values.count == fields.count, values.count == previewLeadNames.count else {
            throw PreviewError("\(path):\(n + 1): expected \(previewLeadNames.count) numeric columns (mV), got '\(line)'")
        }
        rows.append(values)
    }
    guard rows.count == length else {
        throw PreviewError("\(path): needs at least \(length) samples, has \(rows.count)")
    }
    return (0..<previewLeadNames.count).flatMap { c in rows.map { $0[c] } }
}

/// Writes `text` to a temporary file beside `url` and renames it into place.
func writeAtomically(_ text: String, to url: URL) throws {
    let tmp = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    try Data(text.utf8).write(to: tmp)
    guard rename(tmp.path, url.path) == 0 else {
        try? FileManager.default.removeItem(at: tmp)
        throw PreviewError("\(url.path): cannot rename temporary file into place (errno \(errno))")
    }
}
