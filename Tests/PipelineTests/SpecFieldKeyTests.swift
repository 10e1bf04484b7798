import ExperimentSpec
import Foundation
@testable import Pipeline
import TestSupport
import XCTest

/// Every field of the spec vocabulary, for every method: changing its value changes exactly the
/// keys of the stages whose inputs hold it, and of the stages downstream of those; a cosmetic
/// field changes none. The fields come from the resolved spec (defaults filled in), so a field
/// added to the vocabulary is covered without editing this test, and one that reaches no stage's
/// inputs fails here unless it is declared cosmetic below.
final class SpecFieldKeyTests: XCTestCase {
    /// Fields that never enter a key: how a run is named, paced and logged.
    static let cosmetic: Set<String> = ["name", "runtime.threads", "runtime.log_every", "runtime.checkpoint_every"]

    /// Fields a method accepts (so one data block serves every case of a sweep) but does not use.
    static let unusedBy: Set<String> = ["supervised data.filter_cinc", "supervised data.percentage"]

    /// Fields that enter a key in a derived form, with what the key holds instead.
    static let derived: [String: String] = [
        // The arithmetic is float32 on a CPU whatever is asked for, so 16 and 32 share entries.
        "pretrain.precision": "the computed precision, 32",
    ]

    /// Fields whose change reshapes the graph (adds or removes stages) rather than changing keys,
    /// or which are keyed by content; each is covered where named.
    static let structural: [String: String] = [
        "method": "each method is a base of this test",
        "file": "the experiment file's own name, cosmetic by construction",
        "evaluation.use_pretrained": "adds or removes the pretrain stage (GraphCompiler)",
        "evaluation.label_efficiency": "adds label-efficiency stages",
        "evaluation.noise_levels": "adds noise-robustness stages",
        "data.pretrain": "datasets are keyed by content (DatasetFingerprintTests)",
        "data.downstream.path": "datasets are keyed by content (DatasetFingerprintTests)",
    ]

    /// Alternative values of fields that are not numbers or booleans.
    static let alternatives: [String: [CanonicalValue]] = [
        "model.arch": [.string("xresnet1d18")],
        "name": [.string("renamed")],
        "pretrain.precision": [.int(16), .int(32)],
        "pretrain.optimizer": [.string("adamw"), .string("adam")],
        "pretrain.schedule": [.string("constant"), .string("cosine")],
        "pretrain.trafos": [.list([.string("TimeOut")])],
        "data.labels": [.string("all"), .string("diag")],
        "data.test_fold": [.int(7)],
        "data.downstream.format": [.string("ptbxl")],
        "evaluation.head.hidden": [.list([.int(256)])],
    ]

    /// Fields a method's resolved spec lists but its file may not set.
    /// (eval.py never gives the xresnet head dropout or BatchNorm; CPC's skip_encoder cannot pretrain.)
    static let notSettable: Set<String> = Set(["cpc pretrain.trafos", "cpc model.arch", "cpc model.cpc.skip_encoder"])
        .union(["simclr", "byol", "swav", "supervised"].flatMap { ["\($0) evaluation.head.dropout", "\($0) evaluation.head.bn"] })

    static func base(_ method: String) -> CanonicalValue {
        var o: [String: CanonicalValue] = [
            "name": .string("fields"), "seed": .int(7), "method": .string(method),
            "data": .object(["pretrain": .list([.string("data/corpus")]), "downstream": .string("data/ptbxl"),
                             "labels": .string("superdiag"), "train_folds": .int(6)]),
            "pretrain": .object(["epochs": .int(3), "batch_size": .int(16)]),
            "evaluation": .object(["finetune": .object(["epochs": .int(2)]), "linear_eval": .object(["epochs": .int(2)])]),
        ]
        if method == "supervised" {
            o["pretrain"] = nil
            o["data"] = .object(["downstream": .string("data/ptbxl"), "labels": .string("superdiag"), "train_folds": .int(6)])
        }
        return .object(o)
    }

    func testEveryFieldChangesExactlyTheKeysOfTheStagesThatReadIt() throws {
        let p = try TestProject()
        var covered: [String: Set<String>] = [:]
        var readers: [String: Set<String>] = [:]
        for method in ["simclr", "byol", "swav", "cpc", "supervised"] {
            let spec = Self.base(method)
            let graph = try p.plan(spec.encoded)
            let keys = TestProject.keys(graph)
            let resolved = try XCTUnwrap(graph.variants.first).experiment.resolved.flattened()
            for (path, value) in resolved.sorted(by: { $0.key < $1.key }) where Self.structural[path] == nil {
                let candidates = Self.candidates(path, value)
                var edited: [String: String]?
                for c in candidates {
                    guard let g = try? p.plan(Self.setting(spec, path, c).encoded) else { continue }
                    guard g.variants.first?.experiment.resolved.flattened()[path] != value else { continue }
                    edited = TestProject.keys(g)
                    break
                }
                guard let edited else {
                    if !Self.notSettable.contains("\(method) \(path)") {
                        XCTFail("\(method): no valid other value for \(path) (tried \(candidates.map(\.encoded)))")
                    }
                    continue
                }
                XCTAssertEqual(Set(edited.keys), Set(keys.keys), "\(method) \(path): the graph kept its shape")
                let changed = Set(keys.keys.filter { keys[$0] != edited[$0] })
                let expected: Set<String>
                if Self.cosmetic.contains(path) || Self.derived[path] != nil || Self.unusedBy.contains("\(method) \(path)") {
                    expected = []
                } else {
                    let holding = graph.ordered.filter { Self.holds($0, path) }
                    readers[path, default: []].formUnion(holding.map(\.kind.rawValue))
                    let holders = holding.map(\.key)
                    XCTAssertFalse(holders.isEmpty, "\(method) \(path) reaches no stage's inputs and is not declared cosmetic")
                    let affected = Set(holders).union(holders.flatMap { graph.downstream(of: $0) })
                    expected = Set(keys.keys.filter { affected.contains(keys[$0] ?? "") })
                }
                XCTAssertEqual(changed, expected, "\(method) \(path): \(value.encoded) → another value")
                covered[path, default: []].insert(method)
            }
        }
        // The opposite direction: the test is not vacuous.
        XCTAssertGreaterThan(covered.count, 60)
        XCTAssertEqual(covered["evaluation.bootstrap"], ["simclr", "byol", "swav", "cpc", "supervised"])

        // The field reference states the same mapping.
        var rows: [String: String] = [:]
        for path in covered.keys {
            if Self.cosmetic.contains(path) { rows[path] = "cosmetic" }
            else if let d = Self.derived[path] { rows[path] = "\(readers[path, default: ["pretrain"]].sorted().joined(separator: ", ")) (as \(d))" }
            else { rows[path] = readers[path, default: []].sorted().joined(separator: ", ") }
        }
        for (path, why) in Self.structural { rows[path] = "none: \(why)" }
        let expected = rows.keys.sorted().map { "| `\($0)` | \(rows[$0]!) |" }
        let readme = try String(contentsOf: PythonOracle.packageRoot.appendingPathComponent("experiments/README.md"), encoding: .utf8)
        let documented = readme.split(separator: "\n").map(String.init).filter { line in
            line.hasPrefix("| `") && rows[String(line.dropFirst(3).prefix { $0 != "`" })] != nil
        }
        XCTAssertEqual(documented, expected, "experiments/README.md's field table; expected:\n" + expected.joined(separator: "\n"))
    }

    /// Whether `stage`'s inputs hold the spec field at `path`.
    static func holds(_ stage: PlannedStage, _ path: String) -> Bool {
        if path == "data.downstream.format" { return (stage.inputs as? PreprocessInputs)?.path == "data/ptbxl" }
        return stage.fields.keys.contains { $0 == path || $0.hasPrefix(path + ".") }
    }

    static func candidates(_ path: String, _ value: CanonicalValue) -> [CanonicalValue] {
        if let a = alternatives[path] { return a }
        switch value {
        case .bool(let b): return [.bool(!b)]
        case .int(let i): return [.int(i + 1), .int(i - 1), .int(i * 2)]
        case .double(let d): return d == 0 ? [.double(0.1)] : [.double(d / 2), .double(d * 2)]
        default: return []
        }
    }

    /// `spec` with `value` at the dotted `path`, creating objects on the way.
    static func setting(_ spec: CanonicalValue, _ path: String, _ value: CanonicalValue) -> CanonicalValue {
        var parts = path.split(separator: ".").map(String.init)
        guard !parts.isEmpty else { return value }
        let head = parts.removeFirst()
        guard case .object(var o) = spec else { return spec }
        var inner = o[head] ?? .object([:])
        // A dataset written as a bare path becomes {path: ...} to take more fields.
        if case .string(let s) = inner, !parts.isEmpty { inner = .object(["path": .string(s)]) }
        o[head] = parts.isEmpty ? value : setting(inner, parts.joined(separator: "."), value)
        return .object(o)
    }
}
