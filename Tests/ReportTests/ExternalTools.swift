import Foundation
import XCTest

/// The command-line oracles these tests run (librsvg, pdflatex, poppler, fontconfig); a missing
/// one fails the test with what installs it, never skips it.
enum ExternalTool {
    struct Missing: Error, CustomStringConvertible {
        let tool: String, package: String
        var description: String { "\(tool) not found on PATH: `make test` installs it (Debian package \(package))" }
    }

    struct Failed: Error, CustomStringConvertible {
        let command: String, status: Int32, output: String
        var description: String { "\(command) exited with \(status):\n\(output)" }
    }

    /// The executable `tool` on PATH, or a failure naming the package that provides it.
    static func path(_ tool: String, package: String) throws -> URL {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for d in dirs {
            let u = URL(fileURLWithPath: String(d)).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        throw Missing(tool: tool, package: package)
    }

    /// Runs `tool` with `arguments` in `directory`; returns stdout, throws on a non-zero exit.
    @discardableResult
    static func run(_ tool: String, package: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let p = Process()
        p.executableURL = try path(tool, package: package)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        // stderr goes to a file: two pipes read one after the other could deadlock on a full buffer.
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("tool-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = (try? Data(contentsOf: errFile)) ?? Data()
        let stdout = String(decoding: o, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw Failed(command: ([tool] + arguments).joined(separator: " "), status: p.terminationStatus,
                         output: stdout.suffix(3000) + String(decoding: errData, as: UTF8.self))
        }
        return stdout
    }

    /// A fresh temporary directory for one test.
    static func scratch(_ name: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
