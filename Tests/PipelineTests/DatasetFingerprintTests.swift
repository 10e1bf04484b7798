import Foundation
@testable import Pipeline
import XCTest

final class DatasetFingerprintTests: XCTestCase {
    private func setMtime(_ url: URL, _ ts: timespec) {
        var times = [ts, ts]
        XCTAssertEqual(utimensat(AT_FDCWD, url.path, &times, 0), 0)
    }

    func testHashFollowsContentAndTheMemoSkipsUnchangedFiles() throws {
        let p = try TestProject()
        let memo = p.root.appendingPathComponent("cache/datasets")
        func hash() throws -> String { try DatasetFingerprinter(root: p.root, memoDirectory: memo).contentHash(of: "data/corpus") }
        let file = p.root.appendingPathComponent("data/corpus/records/r1.dat")
        let original = try Data(contentsOf: file)

        let h1 = try hash()
        XCTAssertEqual(try hash(), h1)
        var changed = original
        changed[0] ^= 0xFF
        try changed.write(to: file)
        let h2 = try hash()
        XCTAssertNotEqual(h2, h1)
        try original.write(to: file)
        XCTAssertEqual(try hash(), h1, "the hash is of content, not of timestamps")
        var st = stat()
        XCTAssertEqual(stat(file.path, &st), 0)

        // Same size and mtime: the memo answers without reading the file (what makes re-runs
        // instant on large corpora), so an in-place edit that forges the mtime goes unseen.
        try changed.write(to: file)
        setMtime(file, st.st_mtim)
        XCTAssertEqual(try hash(), h1)
        try FileManager.default.removeItem(at: memo)
        XCTAssertEqual(try hash(), h2, "without the memo the content is read again")
    }

    func testHiddenFilesAndLocationDoNotCount() throws {
        let p = try TestProject()
        let memo = p.root.appendingPathComponent("cache/datasets")
        let a = try DatasetFingerprinter(root: p.root, memoDirectory: memo).contentHash(of: "data/corpus")
        try "x".write(to: p.root.appendingPathComponent("data/corpus/.DS_Store"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: p.root.appendingPathComponent("data/corpus"),
                                         to: p.root.appendingPathComponent("elsewhere"))
        XCTAssertEqual(try DatasetFingerprinter(root: p.root, memoDirectory: memo).contentHash(of: "elsewhere"), a)
        XCTAssertEqual(try DatasetFingerprinter(root: p.root, memoDirectory: memo).contentHash(of: "data/corpus"), a)
    }
}
