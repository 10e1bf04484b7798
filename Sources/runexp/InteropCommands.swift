import ArgumentParser
import Archives
import Datasets
import Foundation
import Interop
import Pipeline

/// Reports a bad-input error the way every runexp command does: message on stderr, exit 2.
private func badInput(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode(2)
}

extension ReferenceMethod: ExpressibleByArgument {}

/// `runexp checkpoint …`: bring PyTorch checkpoints into this project.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Import checkpoints from the Python world.",
        subcommands: [CheckpointImportCommand.self])
}

/// `runexp checkpoint import FILE --method M [--out PATH]`.
struct CheckpointImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a reference PyTorch checkpoint (.pt / Lightning .ckpt) into this project's safetensors model checkpoint.",
        discussion: """
            The pickle inside the checkpoint is read by a restricted interpreter that only builds tensors and plain \
            containers: any other global (e.g. os.system) is refused and nothing is written. Names are mapped from the \
            reference (xresnet1d 'features.*', SimCLR 'l1'/'l2'; CPC 'encoder.*', 'rnn.*', 'proj.*'); 'convpath.0.*' \
            aliases must equal their 'convs.*' twins. The model's sizes are read from the shapes (xresnet1d depth, \
            width and kernel; CPC encoder form, width, layers, LSTM or GRU); every tensor is then checked against \
            that model, or against the reference's own sizes when the shapes describe none.
            """)

    @Argument(help: "The PyTorch checkpoint.")
    var file: String

    @Option(name: .long, help: "Pretraining method of the checkpoint: \(ReferenceMethod.allCases.map(\.rawValue).joined(separator: "|")).")
    var method: ReferenceMethod

    @Option(name: .long, help: "Output safetensors path (default: FILE with its extension replaced by .<method>.safetensors).")
    var out: String?

    func run() throws {
        let source = URL(fileURLWithPath: file)
        let destination = out.map { URL(fileURLWithPath: $0) }
            ?? source.deletingPathExtension().appendingPathExtension("\(method.rawValue).safetensors")
        do {
            let outcome = try ReferenceCheckpointImporter.importCheckpoint(from: source, method: method, to: destination)
            let m = outcome.mapping
            print("wrote \(outcome.written.count) tensors to \(destination.path)")
            print("  reference prefix '\(m.prefix)', \(m.foldedAliases) convpath aliases folded into their equal convs twins")
            if !m.ignored.isEmpty {
                print("  not imported (no counterpart in the \(method.rawValue) model): \(m.ignored.count) tensors, e.g. \(m.ignored.prefix(4).joined(separator: ", "))")
            }
        } catch let error as InteropError {
            throw badInput(error)
        } catch let error as ArchiveError {
            throw badInput(error)
        }
    }
}

/// `runexp export …`: write results for Python users.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export data for the Python world.",
        subcommands: [ExportEmbeddingsCommand.self])
}

/// Output formats of `export embeddings`.
enum EmbeddingFormat: String, ExpressibleByArgument, CaseIterable {
    case npz, csv
}

/// `runexp export embeddings STAGE --store STORE --format npz|csv --out FILE`.
struct ExportEmbeddingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embeddings",
        abstract: "Per-record representations of a pretrained encoder, with labels and folds, as .npz or CSV.",
        discussion: """
            STAGE is a pretrain stage (a cache key prefix of at least 8 characters, or its entry / run-folder \
            directory holding encoder.safetensors) or a safetensors checkpoint file (e.g. from `checkpoint import`). \
            STORE is a dataset store directory or a preprocess stage (key prefix or directory). Each record's \
            representation is the mean of its windows' encoder outputs (250 samples every 125 by default). The .npz \
            holds 'records' (<U), 'embeddings' (<f4, records × features), 'classes' (<U), 'labels' (|b1, records × \
            classes) and 'folds' (<i8); the CSV has one row per record: record, fold, one 0/1 column per class \
            ('label:NAME'), then e0… .
            """)

    @OptionGroup var options: CacheOptions

    @Argument(help: "Pretrain stage (key prefix or directory) or a safetensors checkpoint.")
    var stage: String

    @Option(name: .long, help: "Dataset store, or a preprocess stage (key prefix or directory), whose records are embedded.")
    var store: String

    @Option(name: .long, help: "Label set whose labels are exported.")
    var labelSet = "all"

    @Option(name: .long, help: "npz|csv")
    var format: EmbeddingFormat = .npz

    @Option(name: .long, help: "Output file.")
    var out: String

    @Option(name: .long, help: "Window length in samples.")
    var window = 250

    @Option(name: .long, help: "Distance between window starts.")
    var stride = 125

    func run() throws {
        do {
            let cache = options.project().cache
            let checkpoint = try resolveArtifact(stage, file: "encoder.safetensors", what: "pretrain stage", cache: cache)
            let storeURL = try resolveArtifact(store, file: "store", what: "store", cache: cache, acceptsSelf: Store.indexFile)
            let extractor = EmbeddingExtractor(encoder: try PretrainedEncoder(checkpoint: checkpoint),
                                               windows: try RecordWindows(length: window, stride: stride))
            let progress = ProgressPrinter("embed")
            let table = try extractor.table(store: try Store(directory: storeURL), labelSet: labelSet) { progress.update($0, $1) }
            let url = URL(fileURLWithPath: out)
            switch format {
            case .npz: try table.writeNPZ(to: url)
            case .csv: try table.writeCSV(to: url)
            }
            print("wrote \(table.records.count) records × \(table.embeddings.shape[1]) features and \(table.classes.count) '\(labelSet)' labels to \(out)")
        } catch let error as InteropError {
            throw badInput(error)
        } catch let error as ArchiveError {
            throw badInput(error)
        } catch let error as DatasetError {
            throw badInput(error)
        }
    }
}

/// Finds a stage artifact (`file`) from what the user typed: a file or directory that is the
/// artifact itself (a directory containing `acceptsSelf`), a stage entry or run-folder directory
/// holding it (directly or under `artifacts/`), or a cache key prefix of at least 8 characters.
func resolveArtifact(_ reference: String, file: String, what: String, cache: CacheStore,
                     acceptsSelf marker: String? = nil) throws -> URL {
    let fm = FileManager.default
    let url = URL(fileURLWithPath: reference)
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
        if !isDirectory.boolValue && marker == nil { return url }
        if isDirectory.boolValue {
            if let marker, fm.fileExists(atPath: url.appendingPathComponent(marker).path) { return url }
            for candidate in [url.appendingPathComponent(file), url.appendingPathComponent("artifacts").appendingPathComponent(file)]
            where fm.fileExists(atPath: candidate.path) {
                return candidate
            }
        }
        throw InteropError("'\(reference)' is not a \(what): no \(file) in it or in its artifacts/")
    }
    let keys = reference.count >= 8 ? cache.allKeys().filter { $0.hasPrefix(reference) } : []
    guard keys.count == 1 else {
        throw InteropError(keys.isEmpty
            ? "'\(reference)' is neither a file, a directory nor a cached stage key (prefix of 8+ characters) in \(cache.root.path)"
            : "'\(reference)' matches \(keys.count) cached stages; give more of the key")
    }
    let artifact = cache.artifacts(keys[0]).appendingPathComponent(file)
    guard fm.fileExists(atPath: artifact.path) else {
        throw InteropError("cached stage \(keys[0]) is not a \(what): it has no \(file)")
    }
    return artifact
}

/// `runexp model embed CHECKPOINT --record PATH [--window 250 --stride 125] [--csv OUT]`.
struct ModelEmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Representations of one WFDB record's windows (one row per window) for a quick look.")

    @Argument(help: "A safetensors checkpoint of this project (trained or imported).")
    var checkpoint: String

    @Option(name: .long, help: "WFDB record path (with or without .hea); resampled to 100 Hz, leads in store order.")
    var record: String

    @Option(name: .long, help: "Window length in samples.")
    var window = 250

    @Option(name: .long, help: "Distance between window starts.")
    var stride = 125

    @Option(name: .long, help: "Write all rows (window start, e0…) to this CSV instead of printing a summary.")
    var csv: String?

    func run() throws {
        do {
            let windows = try RecordWindows(length: window, stride: stride)
            let extractor = EmbeddingExtractor(encoder: try PretrainedEncoder(checkpoint: URL(fileURLWithPath: checkpoint)), windows: windows)
            let signal = try RecordLoader.load(record)
            let features = try extractor.windowFeatures(signal)
            let starts = windows.starts(samples: signal.shape[1])
            let width = features.shape[1]
            if let csv {
                var text = (["start"] + (0..<width).map { "e\($0)" }).joined(separator: ",") + "\n"
                for (w, start) in starts.enumerated() {
                    text += ([String(start)] + features.scalars[(w * width)..<((w + 1) * width)].map { "\($0)" }).joined(separator: ",") + "\n"
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
                print("wrote \(starts.count) windows × \(width) features to \(csv)")
            } else {
                print("\(starts.count) windows × \(width) features (\(signal.shape[1]) samples at 100 Hz)")
                for (w, start) in starts.enumerated() {
                    let row = features.scalars[(w * width)..<((w + 1) * width)]
                    let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    print(String(format: "  window at %6d: |e| %8.4f  e0..e3 % .4f % .4f % .4f % .4f", start, norm,
                                 row[row.startIndex], row[row.startIndex + 1], row[row.startIndex + 2], row[row.startIndex + 3]))
                }
            }
        } catch let error as InteropError {
            throw badInput(error)
        } catch let error as ArchiveError {
            throw badInput(error)
        } catch let error as DatasetError {
            throw badInput(error)
        }
    }
}
