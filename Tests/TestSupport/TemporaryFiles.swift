import Foundation
import XCTest

/// A fresh directory under the system temp dir, removed when the test finishes.
public func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecgssl-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Asserts that `body` throws an error whose description contains every fragment.
public func assertThrows<T>(_ body: @autoclosure () throws -> T, mentioning fragments: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        let message = "\(error)"
        for fragment in fragments where !message.contains(fragment) {
            XCTFail("error «\(message)» does not mention «\(fragment)»", file: file, line: line)
        }
    }
}
