import Foundation
import FuzzTargets
import XCTest

/// Replays every committed seed and crash input through its fuzz target as a plain test (no
/// libFuzzer): a regression traps the test process, a hang shows up as a slow input.
final class FuzzReplayTests: XCTestCase {
    /// `Fuzz/` at the root of the package, found from this file's path.
    static let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// Regular files directly inside `folder` (none when it does not exist), sorted.
    static func inputs(_ folder: String) -> [URL] {
        let dir = fuzzRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    func testEveryTargetHasASeedCorpus() {
        for target in FuzzCatalog.all {
            XCTAssertFalse(Self.inputs("corpus/\(target.name)").isEmpty,
                           "Fuzz/corpus/\(target.name) is missing or empty: every target needs seeds")
        }
    }

    func testNoStrayCorpusOrCrashFolders() {
        let names = Set(FuzzCatalog.all.map(\.name))
        for folder in ["corpus", "crashes"] {
            for url in Self.inputs(folder) {
                XCTAssertTrue(names.contains(url.lastPathComponent), "Fuzz/\(folder)/\(url.lastPathComponent) names no fuzz target")
            }
        }
    }

    func testSeedsAndCrashInputsReplay() throws {
        for target in FuzzCatalog.all {
            for url in Self.inputs("corpus/\(target.name)") + Self.inputs("crashes/\(target.name)") {
                let data = try Data(contentsOf: url)
                let start = Date()
                target.run(data)
                // Debug builds are slower than the fuzzer's; 1 s there is generous here.
                let seconds = Date().timeIntervalSince(start)
                XCTAssertLessThan(seconds, 5, "\(target.name): \(url.lastPathComponent) took \(seconds) s")
            }
        }
    }
}
