import Foundation

/// Reads an HDF5 file in a child process before this one does.
///
/// libhdf5 1.10 can crash on a malformed file (fuzzing found a NULL dereference after an
/// allocation its forged metadata makes fail), and a crash inside a C library cannot be caught.
/// So before a process reads an HDF5 dataset, `hdf5-probe` (built beside runexp) reads the whole
/// dataset through the same calls in a child: a child killed by a signal means the file is
/// refused with an error naming it; a child that exits 0 went through every call this process
/// will make on that file. Each file (path, size, modification time) is probed once per process.
public enum HDF5Probe {
    /// The probe's executable name, looked up beside the running executable.
    public static let executableName = "hdf5-probe"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var passed: Set<String> = []

    /// The probe's body: opens `dataset` of `path` and reads every row, in this process.
    public static func readThrough(path: String, dataset: String) throws {
        let tensor = try HDF5Tensor(unprobedPath: path, dataset: dataset)
        for row in 0..<tensor.dims[0] { _ = try tensor.read(row: row) }
    }

    /// Throws unless the probe read `dataset` of `path` through without crashing.
    static func check(path: String, dataset: String) throws {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let key = "\(path)\u{0}\(dataset)\u{0}\(size)\u{0}\(modified)"
        if lock.withLock({ passed.contains(key) }) { return }

        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let probe = here.appendingPathComponent(executableName)
        guard FileManager.default.isExecutableFile(atPath: probe.path) else {
            throw DatasetError(file: path, "cannot check this HDF5 file: \(executableName) is missing beside \(here.path) (it is built with runexp)")
        }
        // The child's error text goes to a scratch file, not a pipe: Foundation's pipe reads trap
        // on an interrupted system call (EINTR), which a signal in this process can cause.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-probe-\(UUID().uuidString).txt")
        guard FileManager.default.createFile(atPath: scratch.path, contents: nil),
              let errors = try? FileHandle(forWritingTo: scratch) else {
            throw DatasetError(file: path, "cannot check this HDF5 file: cannot create \(scratch.path)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = probe
        process.arguments = [path, dataset]
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            try? errors.close()
            throw DatasetError(file: path, "cannot run \(probe.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? errors.close()
        let message = (try? Data(contentsOf: scratch)) ?? Data()
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0):
            lock.withLock { _ = passed.insert(key) }
        case (.exit, 2):
            // The reader's own error, as reading in this process would have thrown it.
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DatasetError(file: path, text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text)
        case (.uncaughtSignal, let signal):
            throw DatasetError(file: path, "malformed HDF5 file: libhdf5 crashed reading dataset '\(dataset)' (signal \(signal) in \(executableName))")
        case (_, let status):
            throw DatasetError(file: path, "\(executableName) failed on dataset '\(dataset)' (exit \(status))")
        }
    }
}
