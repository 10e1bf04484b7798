import XCTest
import Foundation
import Augment
import TensorCore
import TestSupport

/// `runexp augment preview`, driven as a researcher drives it (the binary next to the tests).
final class AugmentPreviewCommandTests: XCTestCase {
    static var runexp: URL { Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("runexp") }

    var dir: URL!

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.runexp.path), "runexp not built at \(Self.runexp.path)")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("augment-preview-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    func run(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = Self.runexp
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    func testRecordPreviewIsTheWindowAndItsSeededViews() throws {
        let window = TestWindow.random(seed: 11)
        let leads = ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6", "III", "aVR", "aVL", "aVF"]
        var csv = leads.joined(separator: ",") + "\n"
        for i in 0..<250 { csv += (0..<12).map { "\(window[$0, i])" }.joined(separator: ",") + "\n" }
        let record = dir.appendingPathComponent("record.csv")
        try csv.write(to: record, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try run(["augment", "preview", "--trafos", "RRC,TO", "--record", record.path, "--views", "2",
                         "--seed", "3", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)

        let lines = try String(contentsOf: out.appendingPathComponent("preview.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(lines.count, 251)
        XCTAssertEqual(lines[0].count, 1 + 3 * 12)
        XCTAssertEqual(Array(lines[0][1...2]), ["original_I", "original_II"])
        XCTAssertEqual(lines[0][13], "view1_I")
        // Columns: original, then each view as the library makes it from the same seed.
        var g = SeededGenerator(seed: 3)
        let views = try AugmentationPipeline.parse("RRC,TO")
            .views(of: Tensor(shape: [1, 12, 250], scalars: window.x), count: 2, rng: &g)
        var error: Float = 0
        for i in 0..<250 {
            XCTAssertEqual(lines[i + 1][0], String(format: "%.2f", Double(i) / 100))
            for c in 0..<12 {
                error = max(error, abs(Float(lines[i + 1][1 + c])! - window[c, i]))
                for v in 0..<2 {
                    error = max(error, abs(Float(lines[i + 1][1 + 12 * (v + 1) + c])! - views.scalars[(v * 12 + c) * 250 + i]))
                }
            }
        }
        XCTAssertLessThan(error, 1e-5)

        let svg = try String(contentsOf: out.appendingPathComponent("preview.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        // Per lead: the original, and each view drawn over a grey copy of the original.
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 12 * 5)
        for title in ["original", "view 1", "view 2", "aVF", "RRC TO"] { XCTAssertTrue(svg.contains(title), title) }
    }

    /// A WFDB record written by the wfdb package in PTB-XL's lead order (I, II, III, AVR, AVL,
    /// AVF, V1..V6) comes out in the store order I, II, V1..V6, III, aVR, aVL, aVF.
    func testWFDBRecordLeadsLandInStoreOrder() throws {
        let script = """
        import sys, numpy as np, wfdb
        names = ['I', 'II', 'III', 'AVR', 'AVL', 'AVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
        t = np.arange(300) / 100.0
        sig = np.stack([0.1 * (k + 1) * np.sin(2 * np.pi * (k + 1) * 0.5 * t) for k in range(12)], axis=1)
        for fs, name in [(100, 'rec100'), (500, 'rec500')]:
            wfdb.wrsamp(name, fs=fs, units=['mV'] * 12, sig_name=names, p_signal=sig, fmt=['16'] * 12,
                        adc_gain=[1000.0] * 12, baseline=[0] * 12, write_dir=sys.argv[1])
        """
        _ = try PythonOracle.run(script, arguments: [dir.path])
        let out = dir.appendingPathComponent("out")
        let r = try run(["augment", "preview", "--trafos", "TO", "--record", dir.appendingPathComponent("rec100.hea").path,
                         "--views", "1", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = try String(contentsOf: out.appendingPathComponent("preview.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        // File signal k (0-based) is 0.1(k+1)·sin(2π·0.5(k+1)·t); store slot s holds file signal fileIndex[s].
        let fileIndex = [0, 1, 6, 7, 8, 9, 10, 11, 2, 3, 4, 5]
        var error = 0.0
        for i in 0..<250 {
            for (slot, k) in fileIndex.enumerated() {
                let expected = 0.1 * Double(k + 1) * sin(2 * Double.pi * Double(k + 1) * 0.5 * Double(i) / 100)
                error = max(error, abs(Double(lines[i + 1][1 + slot])! - expected))
            }
        }
        XCTAssertLessThan(error, 1e-3, "ADC resolution is 1 µV")
        let wrongRate = try run(["augment", "preview", "--trafos", "TO", "--record", dir.appendingPathComponent("rec500.hea").path,
                                 "--out", out.path])
        XCTAssertEqual(wrongRate.status, 2)
        XCTAssertTrue(wrongRate.stderr.contains("500") && wrongRate.stderr.contains("100 Hz"), wrongRate.stderr)
    }

    func testBadInputExitsWithTwoAndSaysWhatIsValid() throws {
        let r = try run(["augment", "preview", "--trafos", "RRC,Blur", "--out", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown transformation 'Blur'") && r.stderr.contains("TimeOut (TO)"), r.stderr)
        let short = try run(["augment", "preview", "--trafos", "DTW", "--record", dir.appendingPathComponent("none.csv").path,
                             "--out", dir.path])
        XCTAssertEqual(short.status, 2)
        XCTAssertTrue(short.stderr.contains("none.csv"), short.stderr)
    }
}
