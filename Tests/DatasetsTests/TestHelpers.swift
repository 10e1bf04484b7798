import Foundation
import XCTest
import TestSupport

/// Runs a Python oracle script and decodes its stdout as JSON.
func oracleJSON(_ script: String, _ arguments: [String] = []) throws -> Any {
    let out = try PythonOracle.run(script, arguments: arguments)
    return try JSONSerialization.jsonObject(with: Data(out.utf8))
}

/// Asserts that `body` throws a `DatasetError` whose text contains every fragment.
func assertDatasetError<T>(_ body: @autoclosure () throws -> T, mentions fragments: [String],
                           file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error mentioning \(fragments)", file: file, line: line)
    } catch {
        let text = "\(error)"
        for f in fragments {
            XCTAssertTrue(text.contains(f), "error '\(text)' does not mention '\(f)'", file: file, line: line)
        }
    }
}

/// Runs an oracle script for its side effects (files it writes), returning stdout.
@discardableResult
func runOracle(_ script: String, _ arguments: [String]) throws -> String {
    try PythonOracle.run(script, arguments: arguments)
}
