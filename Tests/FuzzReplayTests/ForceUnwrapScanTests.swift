import Foundation
import XCTest

/// The parser sources may not force-unwrap (`x!`), `try!` or `as!` except where the
/// allow-list below explains why the invariant holds: on data from outside, these trap the
/// process instead of throwing an error that names the file.
final class ForceUnwrapScanTests: XCTestCase {
    /// Every source file that parses data from outside (issue #17), relative to the package root.
    static let parserFiles = [
        "Sources/ExperimentSpec/Canonical.swift", "Sources/ExperimentSpec/DataSpec.swift",
        "Sources/ExperimentSpec/EvaluationSpec.swift", "Sources/ExperimentSpec/Experiment.swift",
        "Sources/ExperimentSpec/ExperimentFile.swift", "Sources/ExperimentSpec/FieldPath.swift",
        "Sources/ExperimentSpec/ModelSpec.swift", "Sources/ExperimentSpec/NestingGuard.swift",
        "Sources/ExperimentSpec/PretrainSpec.swift", "Sources/ExperimentSpec/ResolvedSpec.swift",
        "Sources/ExperimentSpec/RuntimeSpec.swift", "Sources/ExperimentSpec/SpecError.swift",
        "Sources/ExperimentSpec/SpecNode.swift", "Sources/ExperimentSpec/Sweep.swift",
        "Sources/ExperimentSpec/TransformCatalog.swift", "Sources/ExperimentSpec/Vocabulary.swift",
        "Sources/Datasets/WFDB/WFDBHeader.swift", "Sources/Datasets/WFDB/WFDBRecord.swift",
        "Sources/Datasets/WFDB/WFDBFormat.swift", "Sources/Datasets/PTBXL/SCPCodes.swift",
        "Sources/Datasets/PTBXL/SCPStatements.swift", "Sources/Datasets/PTBXL/PTBXLDatabase.swift",
        "Sources/Datasets/Formats/CSVTable.swift", "Sources/Datasets/Formats/MATv4.swift",
        "Sources/Datasets/Ingest/CinCReader.swift", "Sources/Datasets/Ingest/ZhengReader.swift",
        "Sources/Datasets/Ingest/RibeiroReader.swift", "Sources/Datasets/Ingest/PTBXLReader.swift",
        "Sources/Datasets/Ingest/CorpusReader.swift", "Sources/Datasets/Store/Store.swift",
        "Sources/Datasets/Store/NPYHeader.swift", "Sources/Datasets/Store/StoreIndex.swift",
        "Sources/Datasets/FileSource.swift",
        "Sources/Interop/Torch/PickleMachine.swift", "Sources/Interop/Torch/PickleValue.swift",
        "Sources/Interop/Torch/TorchCheckpoint.swift", "Sources/Interop/Torch/TorchPickle.swift",
        "Sources/Interop/Torch/TorchDType.swift", "Sources/Archives/ZipArchive.swift",
        "Sources/Archives/TarReader.swift", "Sources/Archives/GzipInputStream.swift",
        "Sources/Archives/Zlib.swift", "Sources/Datasets/Archives/ArchiveFileSources.swift",
        "Sources/Interop/Numpy/NpyFormat.swift", "Sources/Interop/Numpy/NpyArray.swift",
        "Sources/Interop/Numpy/NpzArchive.swift", "Sources/FileSupport/ByteReader.swift",
        "Sources/Interop/Export/PretrainedEncoder.swift",
        "Sources/Interop/Export/RecognizedBackbone.swift",
        "Sources/Models/Checkpoint/Safetensors.swift", "Sources/Models/Checkpoint/ModelCheckpoint.swift",
        "Sources/Models/Checkpoint/TrainingCheckpoint.swift",
        "Sources/Pipeline/Manifest.swift", "Sources/Pipeline/CacheStore.swift", "Sources/Pipeline/CheckpointStore.swift",
    ]

    /// (file, trimmed line text) pairs that may keep a force operation, each with why it cannot trap.
    static let allowed: [(file: String, line: String, why: String)] = [
        ("Sources/ExperimentSpec/Canonical.swift",
         #"return "{" + o.keys.sorted().map { JSONText.string($0) + ":" + o[$0]!.encoded }.joined(separator: ",") + "}""#,
         "iterates the dictionary's own keys"),
        ("Sources/ExperimentSpec/TransformCatalog.swift", "let kind = TransformCatalog.kind(named: name)!",
         "byName is only called with the catalog's own default names"),
        ("Sources/ExperimentSpec/TransformCatalog.swift", "return TransformSpec(kind: kind, values: try! kind.resolve([:]))",
         "every catalog parameter has a valid default"),
        ("Sources/ExperimentSpec/TransformCatalog.swift", "switch (spec.kind, values.values[spec.name]!) {",
         "resolve returns a value for every parameter spec"),
        ("Sources/Datasets/Ingest/RibeiroReader.swift",
         "LeadSignal(slot: Leads.slot(of: Self.leadOrder[lead])!, samples: rows.map { x[$0 * c + lead] }, rate: Self.samplingRate)",
         "leadOrder is a constant table of known lead names"),
        ("Sources/Datasets/Store/StoreIndex.swift",
         #"o += labelSets.keys.sorted().map { k in JSONText.string(k) + ":[" + labelSets[k]!.map(JSONText.string).joined(separator: ",") + "]" }"#,
         "writer; iterates the dictionary's own keys"),
        ("Sources/Datasets/Store/StoreIndex.swift",
         #"o += r.labels.keys.sorted().map { k in JSONText.string(k) + ":[" + r.labels[k]!.map(String.init).joined(separator: ",") + "]" }"#,
         "writer; iterates the dictionary's own keys"),
        ("Sources/Archives/Zlib.swift",
         "crc = CZlib.crc32(crc, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))",
         "inside `while offset < raw.count`: a non-empty buffer has a base address"),
        ("Sources/Archives/Zlib.swift", "stream.next_out = outRaw.bindMemory(to: Bytef.self).baseAddress!.advanced(by: produced)",
         "the output buffer always holds at least 64 bytes"),
        ("Sources/Interop/Numpy/NpzArchive.swift", #"try zip.add(name: name + ".npy", data: NpyFormat.encode(arrays[name]!), method: .deflated)"#,
         "writer; iterates the dictionary's own keys"),
        ("Sources/Models/Checkpoint/Safetensors.swift", "let t = archive.tensors[name]!", "encoder; names are the dictionary's own keys"),
        ("Sources/Models/Checkpoint/Safetensors.swift",
         "var json = [UInt8](try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))",
         "encoder; a dictionary of strings, integers and arrays always serialises"),
        ("Sources/Models/Checkpoint/Safetensors.swift", "switch archive.tensors[name]! {", "encoder; names are the dictionary's own keys"),
        ("Sources/Models/Checkpoint/ModelCheckpoint.swift",
         "for entry in state { entry.variable.value = archive.tensors[entry.name]!.floatTensor }",
         "runs only after every state name was checked to be present"),
    ]

    /// The force operations left on `line` once comments and string literal text are removed.
    static func forceOperations(in line: String) -> Bool {
        var code = line
        if let comment = code.range(of: "//") { code = String(code[..<comment.lowerBound]) }
        code = code.replacingOccurrences(of: #""(?:[^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
        return code.range(of: #"[A-Za-z0-9_)\]]!(?!=)|\btry!|\bas!"#, options: .regularExpression) != nil
    }

    func testParserSourcesHaveNoUnexplainedForceOperations() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var used = Set<String>()
        for file in Self.parserFiles {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (number, raw) in text.components(separatedBy: "\n").enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.hasPrefix("//"), Self.forceOperations(in: line) else { continue }
                if Self.allowed.contains(where: { $0.file == file && $0.line == line }) {
                    used.insert(file + "\n" + line)
                } else {
                    XCTFail("\(file):\(number + 1): force operation on parser code: \(line) — throw an error, or add it to the allow-list with the invariant")
                }
            }
        }
        for entry in Self.allowed where !used.contains(entry.file + "\n" + entry.line) {
            XCTFail("stale allow-list entry (the line is gone or changed): \(entry.file): \(entry.line)")
        }
    }
}
