import FileSupport
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    var root: URL = FileManager.default.temporaryDirectory

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    func entries(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func testWritesEachKindAndLeavesNoTempFile() throws {
        try AtomicFile.write(Data([1, 2, 3]), to: root.appendingPathComponent("data.bin"))
        try AtomicFile.write([UInt8]([4, 5]), to: root.appendingPathComponent("bytes.bin"))
        try AtomicFile.write("tëxt\n", to: root.appendingPathComponent("text.txt"))
        XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("data.bin")), Data([1, 2, 3]))
        XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("bytes.bin")), Data([4, 5]))
        XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("text.txt")), Data("tëxt\n".utf8))
        XCTAssertEqual(try entries(root), ["bytes.bin", "data.bin", "text.txt"])
    }

    func testReplacesAnExistingFile() throws {
        let url = root.appendingPathComponent("f.txt")
        try AtomicFile.write("a much longer first version\n", to: url)
        try AtomicFile.write("v2\n", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "v2\n")
        XCTAssertEqual(try entries(root), ["f.txt"])
    }

    func testCreatesMissingParentFolders() throws {
        let url = root.appendingPathComponent("a/b/c/f.txt")
        try AtomicFile.write("x", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "x")
        XCTAssertEqual(try entries(root.appendingPathComponent("a/b/c")), ["f.txt"])
    }

    func testFailedRenameRemovesTheTempFile() throws {
        // rename(2) cannot replace a directory with a file: the data is written, the rename fails.
        let target = root.appendingPathComponent("events.out.tfevents.1.host")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write("x", to: target)) { error in
            XCTAssertTrue("\(error)".contains(target.path), "\(error)")
        }
        XCTAssertEqual(try entries(root), ["events.out.tfevents.1.host"])
        XCTAssertEqual(try entries(target), ["inside"])
    }

    func testFailedWriteThrowsAndLeavesNothing() throws {
        // The parent "folder" is a regular file: nothing can be created under it.
        let file = root.appendingPathComponent("plain")
        try AtomicFile.write("x", to: file)
        XCTAssertThrowsError(try AtomicFile.write("y", to: file.appendingPathComponent("f.txt")))
        XCTAssertEqual(try entries(root), ["plain"])
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "x")
    }
}
