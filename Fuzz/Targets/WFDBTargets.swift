import Datasets
import Foundation

/// WFDB headers, signal files and the MATLAB v4 files CinC keeps its signals in.
enum WFDBTargets {
    static let header = FuzzTarget("wfdb_header") { data in
        _ = try WFDBHeader.parse(String(decoding: data, as: UTF8.self), file: "fuzz.hea")
    }

    /// Header text, NUL, signal-file bytes: every signal file name the header gives reads the same bytes.
    static let record = FuzzTarget("wfdb_record") { data in
        let (header, signal) = FuzzInput.split(data)
        let source = AnySignalSource(header: header, signal: signal)
        let record = try WFDBReader.read("rec", from: source)
        for i in record.header.signals.indices { _ = try? record.millivolts(i, file: "rec.hea") }
    }

    static let mat = FuzzTarget("mat") { data in
        _ = try MATv4.read(data, file: "fuzz.mat")
    }

    /// A CinC record: header text, NUL, `.mat` bytes, listed and loaded by `CinCReader`.
    static let cinc = FuzzTarget("cinc") { data in
        let (header, mat) = FuzzInput.split(data)
        let reader = CinCReader(source: MemorySource(files: ["A0001.hea": header, "A0001.mat": mat]))
        for item in try reader.items() { _ = try reader.load(item) }
    }
}

/// Serves `rec.hea` and, for any other name, the one signal file of the input.
private struct AnySignalSource: FileSource {
    let header: Data, signal: Data
    var displayName: String { "<fuzz>" }
    func data(at relativePath: String) throws -> Data { relativePath == "rec.hea" ? header : signal }
    func exists(_ relativePath: String) -> Bool { true }
    func files(withSuffix suffix: String) throws -> [String] { ["rec.hea"].filter { $0.hasSuffix(suffix) } }
}
