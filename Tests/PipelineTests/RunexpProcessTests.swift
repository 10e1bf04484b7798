import Foundation
@testable import Pipeline
import XCTest

/// The built `runexp` binary, driven as users drive it: killed, restarted, run twice at once.
final class RunexpProcessTests: XCTestCase {
    /// `runexp` next to the test bundle in the build directory.
    static var runexp: URL {
        let dir = Bundle.main.executableURL!.deletingLastPathComponent()
        return dir.appendingPathComponent("runexp")
    }

    /// Starts runexp with one of its streams on a pipe (stderr unless `stdout`), the other discarded.
    private func start(_ args: [String], in dir: URL, capturingStdout: Bool = false) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = Self.runexp
        p.arguments = args
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardError = capturingStdout ? FileHandle.nullDevice : pipe
        p.standardOutput = capturingStdout ? pipe : FileHandle.nullDevice
        try p.run()
        return (p, pipe)
    }

    private func runToEnd(_ args: [String], in dir: URL) throws -> (status: Int32, stderr: String) {
        let (p, err) = try start(args, in: dir)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    private func stdout(_ args: [String], in dir: URL) throws -> String {
        let (p, out) = try start(args, in: dir, capturingStdout: true)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        return text
    }

    let spec = "name: kill\nselftest: {steps: 60000, width: 64}\nruntime: {checkpoint_every: 5000, log_every: 5000}\n"

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.runexp.path), "runexp not built at \(Self.runexp.path)")
    }

    func testSigkillMidStageThenRestartGivesTheUninterruptedArtifact() throws {
        let reference = try TestProject()
        try reference.write("kill.yaml", spec)
        XCTAssertEqual(try runToEnd(["run", "kill.yaml"], in: reference.root).status, 0)
        let key = reference.project.cache.allKeys()[0]
        let expected = try Data(contentsOf: reference.project.cache.artifacts(key).appendingPathComponent("state.txt"))

        let p = try TestProject()
        try p.write("kill.yaml", spec)
        let (proc, _) = try start(["run", "kill.yaml"], in: p.root)
        let checkpoints = p.project.cache.checkpoints(key, interval: 5000)
        let deadline = Date().addingTimeInterval(60)
        while checkpoints.latest() == nil && proc.isRunning && Date() < deadline { usleep(2000) }
        XCTAssertTrue(proc.isRunning, "the stage finished before it could be killed; make it longer")
        kill(proc.processIdentifier, SIGKILL)
        proc.waitUntilExit()
        XCTAssertEqual(proc.terminationReason, .uncaughtSignal)
        XCTAssertFalse(p.project.cache.contains(key))
        let step = try XCTUnwrap(checkpoints.latest()?.step)
        XCTAssertLessThan(step, 60000)

        // plan and status see the interrupted stage and its checkpoint.
        XCTAssertTrue(try stdout(["plan", "kill.yaml"], in: p.root).contains("\(key.prefix(12))  to resume (step \(step))"))
        XCTAssertTrue(try stdout(["status"], in: p.root).contains("\(key.prefix(12)) selftest: checkpoint at step \(step)"))

        // The dead run's lock is stale; the restart breaks it and resumes.
        let rerun = try runToEnd(["run", "kill.yaml"], in: p.root)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("resume selftest [\(key.prefix(8))] from step "), rerun.stderr)
        XCTAssertEqual(try Data(contentsOf: p.project.cache.artifacts(key).appendingPathComponent("state.txt")), expected)
        XCTAssertEqual(p.project.cache.events.all().map(\.event).filter { $0 != "stale-lock" }, ["started", "resumed", "completed"])
    }

    func testTwoConcurrentRunsBuildEachStageOnce() throws {
        let p = try TestProject()
        try p.write("two.yaml", "name: two\nselftest: {steps: 20000, width: 32}\nsweep: {zip: {seed: [1, 2, 3]}}\n")
        let a = try start(["run", "two.yaml"], in: p.root)
        let b = try start(["run", "two.yaml"], in: p.root)
        var outputs: [String] = []
        for (proc, err) in [a, b] {
            outputs.append(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            proc.waitUntilExit()
            XCTAssertEqual(proc.terminationStatus, 0, outputs.last!)
        }
        let completed = p.completed()
        XCTAssertEqual(completed.count, 3, outputs.joined(separator: "\n----\n"))
        XCTAssertEqual(Set(completed.map(\.key)).count, 3)
        XCTAssertEqual(p.project.cache.allKeys().count, 3)
        for k in p.project.cache.allKeys() { XCTAssertNil(p.project.cache.verify(k)) }
    }

    func testExitCodes() throws {
        let p = try TestProject()
        try p.write("bad.yaml", "method: simclr\ndata: {pretrain: [data/corpus], downstream: data/ptbxl}\npretrain: {trafos: [TimeOutt]}\n")
        let bad = try runToEnd(["run", "bad.yaml"], in: p.root)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("error: bad.yaml:3:21: pretrain.trafos[0]: unknown transformation 'TimeOutt'"), bad.stderr)

        try p.write("nodata.yaml", "method: simclr\ndata: {pretrain: [data/corpus], downstream: data/missing}\n")
        XCTAssertEqual(try runToEnd(["plan", "nodata.yaml"], in: p.root).status, 2)

        // A real preprocess on synthetic data, then a pretraining the data cannot feed (a batch
        // larger than the corpus): exit code 1, the failing stage named, preprocess kept cached.
        let synth = try runToEnd(["dataset", "synth", "--records", "20", "--unlabeled", "10", "--out", "data/synthetic"], in: p.root)
        XCTAssertEqual(synth.status, 0, synth.stderr)
        try p.write("ok.yaml", "method: simclr\npretrain: {batch_size: 4096}\ndata: {pretrain: [data/synthetic/unlabeled], downstream: data/synthetic/ptbxl}\n")
        let failed = try runToEnd(["run", "ok.yaml"], in: p.root)
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("error: stage pretrain ["), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("pretrain.batch_size"), failed.stderr)
        XCTAssertEqual(p.completed(kind: "preprocess").count, 2, failed.stderr)
        let again = try runToEnd(["run", "ok.yaml"], in: p.root)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("cached preprocess(data/synthetic/ptbxl)"), again.stderr)
        XCTAssertEqual(p.completed(kind: "preprocess").count, 2)
    }
}
