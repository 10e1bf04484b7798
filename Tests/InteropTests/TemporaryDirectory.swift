import Foundation
import TestSupport
import XCTest

/// A fresh directory under the system temp dir, removed when the test finishes.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("interop-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Asserts that `body` throws an error whose description contains every fragment.
func assertThrows<T>(_ body: @autoclosure () throws -> T, mentioning fragments: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        let message = "\(error)"
        for fragment in fragments where !message.contains(fragment) {
            XCTFail("error «\(message)» does not mention «\(fragment)»", file: file, line: line)
        }
    }
}

/// Whether the oracle interpreter can import torch (the Makefile installs it only when a CPU
/// wheel is available); torch-built fixtures are skipped without it.
let torchAvailable: Bool = (try? PythonOracle.run("import torch")) != nil

/// Skips the calling test when torch is unavailable.
func requireTorch() throws {
    try XCTSkipUnless(torchAvailable, "torch is not importable by the oracle interpreter")
}
