import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CFileWriteback

/// Builds a store in a temporary directory and renames it into place only when complete, so a
/// failed ingest leaves nothing behind.
public final class StoreWriter {
    /// One record handed to the writer: time-major samples at the store's rate in canonical lead order.
    public struct Input: Sendable {
        public var id: String
        public var fold: Int
        public var source: String
        /// Label set name → class names.
        public var labels: [String: [String]]
        /// `length` × 12 samples, time-major.
        public var samples: [Float]

        public init(id: String, fold: Int, source: String, labels: [String: [String]], samples: [Float]) {
            self.id = id; self.fold = fold; self.source = source; self.labels = labels; self.samples = samples
        }
    }

    private let destination: URL
    private let temporary: URL
    private let signalPath: String
    /// The open signal file; -1 once closed.
    private var fd: Int32
    private var records: [(StoreIndex.Record, [String: [String]])] = []
    private var rows = 0
    /// How much of the signal file the kernel was asked to write back so far.
    private var bytesWrittenBack: Int64 = 0
    /// The writeback is started every this many bytes, so the closing fsync (which alone took 2.2 s
    /// of a 7.5 s full-size ingest) overlaps the conversion instead of following it.
    static let writebackStride: Int64 = 8 << 20
    private let format: String, samplingRate: Double, resampling: String
    private let labelSetNames: [String]
    private var finished = false

    /// Starts a store that will appear at `destination` (which must not exist).
    public init(destination: URL, format: String, samplingRate: Double, resampling: String, labelSets: [String]) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination.path) else {
            throw DatasetError(file: destination.path, "store directory already exists; remove it or choose another output")
        }
        self.destination = destination
        temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temporary)
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(file: temporary.path, "cannot create (\(error.localizedDescription))")
        }
        signalPath = temporary.appendingPathComponent(Store.signalFile).path
        fd = open(signalPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            try? fm.removeItem(at: temporary)
            throw DatasetError(file: signalPath, "cannot create (\(why))")
        }
        self.format = format
        self.samplingRate = samplingRate
        self.resampling = resampling
        self.labelSetNames = labelSets
        do {
            try writeAll(NPYHeader.make(rows: 0, columns: Leads.count))
        } catch {
            abandon()
            throw error
        }
    }

    deinit { if !finished { abandon() } }

    /// Appends one record.
    public func append(_ r: Input) throws {
        guard r.samples.count % Leads.count == 0 else {
            throw DatasetError(file: r.source, record: r.id, "\(r.samples.count) samples is not a multiple of 12 leads")
        }
        let length = r.samples.count / Leads.count
        try r.samples.withUnsafeBytes { try writeAll($0) }
        records.append((StoreIndex.Record(id: r.id, offset: rows, length: length, fold: r.fold, source: r.source, labels: [:]), r.labels))
        rows += length
        // The file's length follows from the rows written: the fixed header, then float32 rows.
        let bytesWritten = Int64(NPYHeader.size + rows * Leads.count * MemoryLayout<Float>.size)
        if bytesWritten - bytesWrittenBack >= Self.writebackStride {
            // Advisory: fsync in finish is what makes the store durable, so a failure here is ignored.
            _ = cfw_start_writeback(fd, bytesWrittenBack, bytesWritten - bytesWrittenBack)
            bytesWrittenBack = bytesWritten
        }
    }

    /// Writes the index, fixes the header and renames the store into place.
    @discardableResult
    public func finish() throws -> Store {
        do {
            guard lseek(fd, 0, SEEK_SET) == 0 else { throw failure("cannot seek") }
            try writeAll(NPYHeader.make(rows: rows, columns: Leads.count))
            guard fsync(fd) == 0 else { throw failure("cannot sync") }
            let closing = fd
            fd = -1
            guard close(closing) == 0 else { throw failure("cannot close") }
        } catch {
            abandon()
            throw error
        }
        var classes: [String: [String]] = [:]
        for set in labelSetNames {
            var all = Set<String>()
            for (_, l) in records { all.formUnion(l[set] ?? []) }
            classes[set] = all.sorted()
        }
        let lookup = classes.mapValues { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        let finalRecords = records.map { (rec, names) -> StoreIndex.Record in
            var rec = rec
            for set in labelSetNames { rec.labels[set] = Set(names[set] ?? []).map { lookup[set]![$0]! }.sorted() }
            return rec
        }
        let index = StoreIndex(version: StoreIndex.currentVersion, format: format, samplingRate: samplingRate,
                               leads: Leads.canonical, labelSets: classes, resampling: resampling, records: finalRecords)
        try writeAtomically(index.jsonData(), to: temporary.appendingPathComponent(Store.indexFile))
        guard rename(temporary.path, destination.path) == 0 else {
            abandon()
            throw DatasetError(file: destination.path, "cannot rename the finished store into place (errno \(errno))")
        }
        finished = true
        return try Store(directory: destination, index: index)
    }

    /// Removes the temporary directory (after an error).
    public func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
        finished = true
        try? FileManager.default.removeItem(at: temporary)
    }

    /// Writes all of `bytes` at the file position, straight from the caller's buffer (a full disk
    /// is an error naming the file, not a trap as in FileHandle.write).
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write")
            }
            p += n
            left -= n
        }
    }

    private func writeAll(_ data: Data) throws {
        try data.withUnsafeBytes { try writeAll($0) }
    }

    private func failure(_ what: String) -> DatasetError {
        DatasetError(file: signalPath, "\(what) (\(String(cString: strerror(errno))))")
    }
}
