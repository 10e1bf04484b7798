import Foundation

/// Where the tests' independent Python oracles live (the git-ignored venv `make test` creates).
public enum PythonOracle {
    /// Root of the package checkout, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The venv's interpreter, or the one named by `ORACLE_PYTHON`.
    public static var python: URL {
        if let p = ProcessInfo.processInfo.environment["ORACLE_PYTHON"] { return URL(fileURLWithPath: p) }
        return packageRoot.appendingPathComponent(".venv/bin/python")
    }

    /// Runs `script` with the oracle interpreter, passing `arguments`; returns stdout.
    /// Throws with the script's stderr when it fails.
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        let p = Process()
        p.executableURL = python
        p.arguments = ["-c", script] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw OracleError(message: String(decoding: e, as: UTF8.self))
        }
        return String(decoding: o, as: UTF8.self)
    }

    /// Failure of an oracle script, with its stderr.
    public struct OracleError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "python oracle failed: \(message)" }
    }
}
