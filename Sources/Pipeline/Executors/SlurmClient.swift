import Foundation

/// A Slurm job's state as the cluster reports it.
public struct SlurmJobState: Sendable, Equatable {
    /// Slurm's state name (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, ...), or
    /// `UNKNOWN` when neither `squeue` nor `sacct` knows the job any more.
    public let state: String
    /// `squeue`'s reason (e.g. `Dependency`, `DependencyNeverSatisfied`), empty if none.
    public let reason: String

    /// Queued or running: the job may still build its stage.
    public var isActive: Bool {
        ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED"].contains(state)
            && reason != "DependencyNeverSatisfied"
    }
}

/// The Slurm commands (`sbatch`, `squeue`, `sacct`, found on `PATH` unless given), run as child
/// processes.
public struct SlurmClient: Sendable {
    /// Directories searched for the commands.
    public let path: [String]

    /// A client finding its commands on `path` (default: the `PATH` environment variable).
    public init(path: [String]? = nil) {
        self.path = path ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    func which(_ name: String) -> URL? {
        path.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Submits a batch script; returns the job id. Throws with sbatch's own message when it is
    /// missing or refuses the job.
    func submit(_ script: URL) throws -> String {
        guard let sbatch = which("sbatch") else {
            throw PipelineError.badInput("sbatch not found on PATH (\(path.joined(separator: ":"))): is this a Slurm submit host?")
        }
        let r = try Self.execute(sbatch, ["--parsable", script.path])
        let id = r.out.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            let msg = r.err.trimmingCharacters(in: .whitespacesAndNewlines)
            throw PipelineError.cache("sbatch refused \(script.lastPathComponent) (exit \(r.status)): \(msg.isEmpty ? r.out : msg)")
        }
        return id
    }

    /// The states of `jobIds` (`123` or `123_4`): `squeue` for jobs the controller still holds,
    /// `sacct` for older ones; jobs neither knows are `UNKNOWN`.
    public func states(_ jobIds: [String]) -> [String: SlurmJobState] {
        var out: [String: SlurmJobState] = [:]
        guard !jobIds.isEmpty else { return out }
        if let squeue = which("squeue"), let r = try? Self.execute(squeue, ["-h", "-r", "-t", "all", "-o", "%i|%T|%r"]), r.status == 0 {
            for line in r.out.split(separator: "\n") {
                let p = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard p.count == 3 else { continue }
                out[p[0]] = SlurmJobState(state: p[1], reason: p[2] == "None" ? "" : p[2])
            }
        }
        let missing = jobIds.filter { out[$0] == nil }
        if !missing.isEmpty, let sacct = which("sacct"),
           let r = try? Self.execute(sacct, ["-n", "-P", "-X", "-o", "JobID,State", "-j", missing.joined(separator: ",")]), r.status == 0 {
            for line in r.out.split(separator: "\n") {
                let p = line.split(separator: "|").map(String.init)
                guard p.count == 2 else { continue }
                out[p[0]] = SlurmJobState(state: String(p[1].split(separator: " ")[0]), reason: "")
            }
        }
        return Dictionary(uniqueKeysWithValues: jobIds.map { ($0, out[$0] ?? SlurmJobState(state: "UNKNOWN", reason: "")) })
    }

    /// Runs `tool` and collects its output (small outputs only: read after exit).
    static func execute(_ tool: URL, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = tool
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
