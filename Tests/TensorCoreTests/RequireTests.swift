import Foundation
import TensorCore
import TestSupport
import XCTest

/// Shape checks hold in release builds: `require` is compiled here with `-Ounchecked`, the
/// numeric modules' release flag, under which a `precondition` would be dropped.
final class RequireTests: XCTestCase {
    func testRequireStopsAProgramBuiltWithOunchecked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("require-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let main = dir.appendingPathComponent("main.swift")
        try """
        let n = CommandLine.arguments.count + 4
        precondition(n < 3, "dropped under -Ounchecked")
        require(n < 3, "bad shape \\(n)")
        print("ran on past the check")
        """.write(to: main, atomically: true, encoding: .utf8)
        let source = PythonOracle.packageRoot.appendingPathComponent("Sources/TensorCore/Require.swift")
        let binary = dir.appendingPathComponent("checked")
        let compile = try run("/usr/bin/env", ["swiftc", "-Ounchecked", source.path, main.path, "-o", binary.path])
        XCTAssertEqual(compile.status, 0, compile.output)
        let ran = try run(binary.path, [])
        XCTAssertNotEqual(ran.status, 0, "the check must stop the program")
        XCTAssertTrue(ran.output.contains("bad shape 5"), ran.output)
        XCTAssertFalse(ran.output.contains("ran on"), ran.output)
        XCTAssertFalse(ran.output.contains("dropped under"), "precondition is compiled out, as the comment in Require.swift says")
    }

    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
