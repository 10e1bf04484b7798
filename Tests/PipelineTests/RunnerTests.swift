import ExperimentSpec
import Foundation
@testable import Pipeline
import TensorCore
import XCTest

/// The runner against a real cache, in process, with real small stage bodies.
final class RunnerTests: XCTestCase {
    let selfTest = "name: st\nselftest: {steps: 300, width: 8}\nruntime: {checkpoint_every: 50}\n"

    func testUnchangedRerunExecutesNothing() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec + "selftest: {steps: 100}\n")
        let first = p.run(g, kinds: ["preprocess", "pretrain", "selftest"])
        XCTAssertEqual(first.executed.count, 4)
        XCTAssertTrue(first.succeeded)
        let again = p.run(try p.plan(baseSpec + "selftest: {steps: 100}\n"), kinds: ["preprocess", "pretrain", "selftest"])
        XCTAssertEqual(again.executed, [])
        XCTAssertEqual(again.cached.count, 4)
        XCTAssertEqual(p.completed().count, 4, "the cache records one completion per stage")
    }

    func testTenCombinationTrafoSweepPreprocessesOnce() throws {
        let p = try TestProject()
        let spec = baseSpec + """
            sweep:
              grid:
                pretrain.trafos: [[RRC, TO], [RRC], [TO], [GN], [GB], [ChR], [DTW], [BlW], [PlN, EM], [BlS, RRC]]

            """
        let g = try p.plan(spec)
        XCTAssertEqual(g.variants.count, 10)
        let summary = p.run(g, kinds: ["preprocess", "pretrain"])
        XCTAssertTrue(summary.succeeded, "\(summary.failures)")
        XCTAssertEqual(p.completed(kind: "preprocess").count, 2, "one per dataset, not per variant")
        XCTAssertEqual(p.completed(kind: "pretrain").count, 10)
        XCTAssertEqual(Set(p.completed(kind: "pretrain").map(\.key)).count, 10)
    }

    func testFlippedByteIsDetectedAndRebuilt() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        XCTAssertEqual(p.run(g).executed.count, 1)
        let key = g.order[0]
        let artifact = p.project.cache.artifacts(key).appendingPathComponent("state.txt")
        let original = try Data(contentsOf: artifact)
        var flipped = original
        flipped[10] ^= 0x01
        try flipped.write(to: artifact)
        XCTAssertNotNil(p.project.cache.verify(key))

        let summary = p.run(try p.plan(selfTest))
        XCTAssertEqual(summary.rebuilt, [key])
        XCTAssertEqual(try Data(contentsOf: artifact), original)
        XCTAssertNil(p.project.cache.verify(key))
        XCTAssertEqual(p.project.cache.events.all().filter { $0.event == "corrupted" }.count, 1)
    }

    func testFullVerificationCatchesCorruptionThatKeepsTheTimestamp() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        _ = p.run(g)
        let key = g.order[0]
        let artifact = p.project.cache.artifacts(key).appendingPathComponent("state.txt")
        XCTAssertNil(p.project.cache.verify(key))  // records the verified signatures
        let attrs = try FileManager.default.attributesOfItem(atPath: artifact.path)
        let handle = try FileHandle(forUpdating: artifact)
        try handle.seek(toOffset: 3)
        let byte = try XCTUnwrap(handle.readData(ofLength: 1).first)
        try handle.seek(toOffset: 3)
        handle.write(Data([byte ^ 0x20]))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: attrs[.modificationDate]!], ofItemAtPath: artifact.path)
        XCTAssertNotNil(p.project.cache.verify(key, full: true))
    }

    func testFailedStageLeavesUpstreamCachedAndSaysWhy() throws {
        var registry = TestStages.registry
        registry.register(TestStages.AlwaysFails<FinetuneInputs>())
        let p = try TestProject(registry: registry)
        let g = try p.plan(baseSpec)
        let summary = p.run(g)
        XCTAssertEqual(Set(summary.executed.map { g.nodes[$0]!.kind }), [.preprocess, .pretrain])
        let reasons = summary.failures.map(\.description)
        XCTAssertTrue(reasons.contains { $0.hasPrefix("stage finetune [") && $0.hasSuffix("failed: loss became NaN at step 3") }, "\(reasons)")
        XCTAssertTrue(reasons.contains { $0.contains("stage linear-eval [") && $0.hasSuffix("this build has no implementation of 'linear-eval' stages") }, "\(reasons)")
        XCTAssertEqual(summary.skipped.map { g.nodes[$0]!.kind }, [.report])
        for k in summary.executed { XCTAssertTrue(p.project.cache.contains(k)) }
        XCTAssertEqual(p.project.cache.events.all().filter { $0.event == "failed" }.map(\.label), ["finetune"])
    }

    func testStaleLockOfDeadProcessIsBroken() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        let key = g.order[0]
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let lock = p.project.cache.lockFile(key)
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "\(dead.processIdentifier) \(Host.name)\n".write(to: lock, atomically: true, encoding: .utf8)
        XCTAssertEqual(p.project.runner(console: Console(quiet: true)).status(of: g.nodes[key]!), .toRun)
        XCTAssertEqual(p.run(g).executed, [key])
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock.path))
        XCTAssertEqual(p.project.cache.events.all().filter { $0.event == "stale-lock" }.count, 1)
    }

    func testAnEmptyLockLeftByACrashIsBroken() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        let lock = p.project.cache.lockFile(g.order[0])
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: lock.path, contents: Data()))
        let old = timespec(tv_sec: time(nil) - 60, tv_nsec: 0)
        var times = [old, old]
        XCTAssertEqual(utimensat(AT_FDCWD, lock.path, &times, 0), 0)
        XCTAssertEqual(p.run(g).executed, [g.order[0]])
    }

    func testAnotherHostsLockIsWaitedForUntilItsHeartbeatStops() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        let key = g.order[0]
        let lock = p.project.cache.lockFile(key)
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "4242 some-other-node\n".write(to: lock, atomically: true, encoding: .utf8)
        let runner = p.project.runner(console: Console(quiet: true))
        XCTAssertEqual(runner.status(of: g.nodes[key]!), .running(pid: 4242, host: "some-other-node"))
        // Its owner stopped touching it long ago: abandoned.
        let old = timespec(tv_sec: time(nil) - Int(KeyLock.remoteTimeout) - 5, tv_nsec: 0)
        var times = [old, old]
        XCTAssertEqual(utimensat(AT_FDCWD, lock.path, &times, 0), 0)
        XCTAssertEqual(runner.status(of: g.nodes[key]!), .toRun)
        XCTAssertEqual(p.run(g).executed, [key])
        XCTAssertEqual(p.project.cache.events.all().filter { $0.event == "stale-lock" }.count, 1)
    }

    func testExplainNamesTheChangedFields() throws {
        let p = try TestProject()
        _ = p.run(try p.plan(baseSpec), kinds: ["preprocess", "pretrain"])
        let g = try p.plan(baseSpec.replacingOccurrences(of: "lr: 0.001", with: "lr: 1e-4"), name: "edited.yaml")
        let e = Explainer(cache: p.project.cache, graph: g)
        let pretrain = g.ordered.first { $0.kind == .pretrain }!
        let text = e.explain(pretrain)
        XCTAssertTrue(text.contains("differs in 1 field:\n  pretrain.lr: 0.001 → 0.0001\n"), text)
        let (_, diffs) = try XCTUnwrap(e.nearest(pretrain))
        XCTAssertEqual(diffs, [Explainer.Difference(field: "pretrain.lr", cached: "0.001", planned: "0.0001")])
        XCTAssertTrue(e.explain(g.ordered.first { $0.kind == .preprocess }!).contains("cached, nothing to run"))
        XCTAssertTrue(e.explain(g.ordered.first { $0.kind == .finetune }!).contains("no cached 'finetune' entry"))

        _ = p.run(try p.plan(selfTest))
        let st = try p.plan(selfTest.replacingOccurrences(of: "steps: 300", with: "steps: 301"), name: "st.yaml")
        XCTAssertEqual(Explainer(cache: p.project.cache, graph: st).nearest(st.ordered[0])?.differences,
                       [Explainer.Difference(field: "selftest.steps", cached: "300", planned: "301")])
    }

    func testEveryEntryRecordsTheBLASKernelsThatComputedIt() throws {
        let p = try TestProject()
        let g = try p.plan(selfTest)
        _ = p.run(g)
        let key = g.order[0]
        let m = try XCTUnwrap(p.project.cache.manifest(key))
        XCTAssertEqual(m.blas, BLAS.kernels)
        XCTAssertTrue(BLAS.kernels.hasPrefix("OpenBLAS 0.") && BLAS.kernels.hasSuffix(" kernels")
                          && !BLAS.kernels.contains("unknown"), BLAS.kernels)
        let here = Explainer(cache: p.project.cache, graph: g).explain(g.ordered[0])
        XCTAssertTrue(here.contains("cached, nothing to run (built \(m.created) on \(m.host), \(BLAS.kernels))\n"), here)
        let elsewhere = Explainer(cache: p.project.cache, graph: g, kernels: "OpenBLAS 0.3.21, SkylakeX kernels").explain(g.ordered[0])
        XCTAssertTrue(elsewhere.contains("this machine has OpenBLAS 0.3.21, SkylakeX kernels, so a rebuild here may differ"), elsewhere)

        // Entries written before the field existed still read, with no kernels named.
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: p.project.cache.manifestURL(key))) as? [String: Any])
        json["blas"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: p.project.cache.manifestURL(key))
        XCTAssertNil(try XCTUnwrap(p.project.cache.manifest(key)).blas)
        XCTAssertFalse(Explainer(cache: p.project.cache, graph: g).explain(g.ordered[0]).contains("kernels"))
    }

    func testGarbageCollectionKeepsReferencedEntries() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec)
        _ = p.run(g, kinds: ["preprocess", "pretrain"])
        let other = try p.plan(baseSpec.replacingOccurrences(of: "lr: 0.001", with: "lr: 0.5"), name: "other.yaml")
        _ = p.run(other, kinds: ["pretrain"])
        XCTAssertEqual(p.project.cache.allKeys().count, 4)
        let gc = GarbageCollector(cache: p.project.cache)
        let dry = try gc.collect(keep: Set(g.order), dryRun: true)
        XCTAssertEqual(dry.keys, [other.ordered.first { $0.kind == .pretrain }!.key])
        XCTAssertEqual(p.project.cache.allKeys().count, 4)
        _ = try gc.collect(keep: Set(g.order), dryRun: false)
        XCTAssertEqual(Set(p.project.cache.allKeys()), Set(g.order).intersection(p.project.cache.allKeys()))
        XCTAssertEqual(p.project.cache.allKeys().count, 3)

        let folder = RunFolder(runs: p.project.runsDirectory, name: "other")
        try folder.update(variants: other.variants, cache: p.project.cache, reportKey: nil)
        try FileManager.default.createSymbolicLink(at: folder.directory.appendingPathComponent("dangling"),
                                                   withDestinationURL: p.project.cache.entry(String(repeating: "0", count: 64)))
        XCTAssertEqual(gc.pruneLinks(in: p.project.runsDirectory, dryRun: true), 1)
        XCTAssertEqual(gc.pruneLinks(in: p.project.runsDirectory, dryRun: false), 1)
        // The collected entry has no stage folder; the kept ones still link into the cache.
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.directory.appendingPathComponent("simclr/pretrain").path))
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(
            atPath: folder.directory.appendingPathComponent("simclr/preprocess-corpus/artifacts/index.csv").path))
    }

    func testRunFolderLinksSpecAndMetrics() throws {
        let p = try TestProject()
        let g = try p.plan(baseSpec + "sweep: {zip: {seed: [1, 2]}}\n")
        _ = p.run(g, kinds: ["pretrain"])
        let folder = RunFolder(runs: p.project.runsDirectory, name: "keys")
        try folder.update(variants: g.variants, cache: p.project.cache, reportKey: g.reports.values.first)
        // runs/<experiment>/<case>/<stage>/: the case named by its own coordinates, the stage a view of its entry.
        let stage = folder.directory.appendingPathComponent("seed1/pretrain")
        let weights = stage.appendingPathComponent("artifacts/weights.txt")
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: weights.path)
        XCTAssertTrue(target.hasPrefix("../../../../../cache/"), target)
        XCTAssertTrue(FileManager.default.fileExists(atPath: weights.path))
        let hparams = try String(contentsOf: stage.appendingPathComponent("hparams.yaml"), encoding: .utf8)
        XCTAssertTrue(hparams.contains("\npretrain:\n  accumulate: 1\n"), hparams)
        XCTAssertTrue(hparams.contains("\n  lr: 0.001\n"), hparams)
        XCTAssertTrue(hparams.contains("\nseed: 1\n"), hparams)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.directory.appendingPathComponent("seed1/finetune").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.directory.appendingPathComponent("seed2/preprocess-corpus/hparams.yaml").path))
        let metrics = try String(contentsOf: folder.directory.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertEqual(metrics.split(separator: "\n").count, 3)
        XCTAssertTrue(metrics.hasPrefix("variant,stage,metric,value\nseed1,pretrain,chain,"), metrics)
        let resolved = try String(contentsOf: folder.directory.appendingPathComponent("resolved-spec.json"), encoding: .utf8)
        XCTAssertTrue(resolved.contains("\"path\": \"data/ptbxl\""), resolved)
        XCTAssertTrue(resolved.contains("\"case\": \"seed1\""), resolved)

        // A case the file no longer has and the older layout's links go; what a person put there stays.
        let fm = FileManager.default
        let old = folder.directory.appendingPathComponent("seed=1")
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: old.appendingPathComponent("pretrain"), withDestinationURL: p.project.cache.root)
        try "mine".write(to: folder.directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let one = try p.plan(baseSpec + "sweep: {zip: {seed: [1]}}\n")
        try folder.update(variants: one.variants, cache: p.project.cache, reportKey: nil)
        XCTAssertEqual(Set(try fm.contentsOfDirectory(atPath: folder.directory.path)),
                       ["seed1", "notes.txt", "metrics.csv", "resolved-spec.json"])
    }
}
