import ExperimentSpec
import TestSupport
import XCTest

/// The experiment files in `experiments/` stay valid as the spec evolves.
final class CheckedInExperimentsTests: XCTestCase {
    let dir = PythonOracle.packageRoot.appendingPathComponent("experiments")

    func testEveryCheckedInFileIsValid() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertTrue(files.contains("demo.yaml"), "\(files)")
        for f in files {
            XCTAssertNoThrow(try ExperimentFile.load(path: dir.appendingPathComponent(f).path), f)
        }
    }

    func testDemoComparesSimCLRCPCSupervisedAndRandomInit() throws {
        let demo = try ExperimentFile.load(path: dir.appendingPathComponent("demo.yaml").path)
        let v = demo.variants.map { $0.training! }
        XCTAssertEqual(v.map(\.method), [.simclr, .cpc, .supervised, .simclr])
        XCTAssertEqual(v[0].pretrain?.trafos.map(\.abbreviation), ["RRC", "TO"])
        XCTAssertFalse(v[3].evaluation.usePretrained)
        XCTAssertNil(v[3].evaluation.finetune)
    }
}
