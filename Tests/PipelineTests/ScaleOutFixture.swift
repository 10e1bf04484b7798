import Foundation
@testable import Pipeline
import XCTest

/// A project folder with the small synthetic dataset and a 4-combination trafo sweep of real
/// (tiny) training stages, driven through the built `runexp` binary.
struct ScaleOutFixture {
    let root: URL

    /// `runexp` next to the test bundle in the build directory.
    static var runexp: URL { Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("runexp") }

    /// The sweep: preprocess ×2 → pretrain ×4 → linear-eval ×4 → report.
    static let sweep = """
        name: sweep
        seed: 0
        method: simclr
        data:
          pretrain: [data/synth/unlabeled]
          downstream: data/synth/ptbxl
          labels: superdiag
        model: {arch: xresnet1d18}
        pretrain: {epochs: 1, batch_size: 32, precision: 32}
        evaluation:
          batch_size: 32
          finetune: false
          linear_eval: {epochs: 1}
          bootstrap: 10
        runtime: {checkpoint_every: 2, threads: 1}
        sweep:
          grid: {pretrain.trafos: [[RRC, TO], [GN, ChR], [RRC, GN], [TO, ChR]]}

        """

    /// A fresh project in a temporary folder (or under `base`, which must be visible to the
    /// Slurm node: the same machine here) with `records` synthetic records.
    init(records: Int = 200) throws {
        root = URL(fileURLWithPath: "/var/tmp").appendingPathComponent("runexp-scaleout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let synth = try run(["dataset", "synth", "--out", "data/synth", "--records", "\(records)", "--unlabeled", "\(records)"])
        XCTAssertEqual(synth.status, 0, synth.stderr)
    }

    func write(_ name: String, _ yaml: String) throws {
        try yaml.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    var project: Project { Project(root: root, registry: StageRegistry.builtin) }

    /// The planned graph of `files` (same keys the CLI computes).
    func graph(_ files: [String]) throws -> StageGraph {
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        return try project.plan(try project.load(files))
    }

    /// Runs `runexp args` in the project to the end.
    @discardableResult
    func run(_ args: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = Self.runexp
        p.arguments = args
        p.currentDirectoryURL = root
        if let environment { p.environment = environment }
        // stderr goes to a file so a chatty child can never block on a full pipe we are not reading.
        let errURL = root.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = try Data(contentsOf: errURL)
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `completed` events per key in the cache's record.
    func completions() -> [String: Int] {
        project.cache.events.all().filter { $0.event == "completed" }.reduce(into: [:]) { $0[$1.key, default: 0] += 1 }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
