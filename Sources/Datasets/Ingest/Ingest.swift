import Foundation

/// What an ingest did.
public struct IngestSummary: Sendable {
    /// The finished store.
    public let store: Store
    /// Records skipped (id, reason) — the reference drops records containing NaNs.
    public let skipped: [(id: String, reason: String)]
}

/// Reads a corpus, resamples every lead to the store rate, puts leads in the fixed order and
/// writes a store; any error aborts and leaves nothing behind.
public enum Ingest {
    /// The store sampling rate (docs/method.md §1.3).
    public static let storeRate = 100.0

    /// The reader for `format` over `source`.
    public static func reader(_ format: DatasetFormat, source: FileSource, highRate: Bool = false) -> CorpusReader {
        switch format {
        case .ptbxl: return PTBXLReader(source: source, highRate: highRate)
        case .wfdb: return WFDBFolderReader(source: source)
        case .cinc: return CinCReader(source: source)
        case .zheng: return ZhengReader(source: source)
        case .ribeiro: return RibeiroReader(source: source)
        }
    }

    /// Ingests the corpus in `directory` (read as `format`) into a new store at `destination`.
    public static func run(_ format: DatasetFormat, directory: URL, destination: URL, highRate: Bool = false,
                           progress: ((Int, Int) -> Void)? = nil) throws -> IngestSummary {
        try run(reader(format, source: DirectorySource(root: directory), highRate: highRate), format: format,
                destination: destination, progress: progress)
    }

    /// Ingests everything `reader` lists into a new store at `destination`.
    /// `progress(done, total)` is called on the calling thread after each chunk.
    public static func run(_ reader: CorpusReader, format: DatasetFormat, destination: URL,
                           progress: ((Int, Int) -> Void)? = nil) throws -> IngestSummary {
        let items = try reader.items()
        guard !items.isEmpty else {
            throw DatasetError(file: destination.path, "the corpus lists no records for format '\(format.rawValue)'; nothing stored")
        }
        let writer = try StoreWriter(destination: destination, format: format.rawValue, samplingRate: storeRate,
                                     resampling: "band-limited (Kaiser-windowed sinc, 16 zero crossings, beta 8)",
                                     labelSets: reader.labelSets)
        // Each chunk is written on `writes` while the next one converts, so the copy into the
        // page cache overlaps the parsing; records still reach the store in corpus order.
        let writes = DispatchQueue(label: "ingest.store-writer")
        let written = DispatchGroup()
        let writeFailure = FailureBox()
        do {
            let cache = ResamplerCache()
            var skipped: [(id: String, reason: String)] = []
            let chunk = 512
            var done = 0
            while done < items.count {
                let slice = Array(items[done..<min(items.count, done + chunk)])
                let converted = try parallelMap(slice.count, chunk: 8) { k -> Result<[Float], SkipReason> in
                    try convert(reader.load(slice[k]), cache: cache)
                }
                written.wait()
                try writeFailure.rethrow()
                var inputs: [StoreWriter.Input] = []
                for (item, c) in zip(slice, converted) {
                    switch c {
                    case .success(let samples):
                        inputs.append(.init(id: item.id, fold: item.fold, source: item.source, labels: item.labels, samples: samples))
                    case .failure(let why):
                        skipped.append((item.id, why.reason))
                    }
                }
                let batch = inputs
                writes.async(group: written) {
                    do { for input in batch { try writer.append(input) } } catch { writeFailure.record(error) }
                }
                done += slice.count
                progress?(done, items.count)
            }
            written.wait()
            try writeFailure.rethrow()
            let store = try writer.finish()
            return IngestSummary(store: store, skipped: skipped)
        } catch {
            written.wait()
            writer.abandon()
            throw error
        }
    }

    struct SkipReason: Error { let reason: String }

    /// Leads → time-major samples at the store rate in canonical order (missing leads zero).
    static func convert(_ leads: [LeadSignal], cache: ResamplerCache) -> Result<[Float], SkipReason> {
        if leads.contains(where: { $0.samples.contains(where: \.isNaN) }) { return .failure(SkipReason(reason: "contains NaN samples")) }
        let resampled = leads.map { (slot: $0.slot, samples: cache.resampler(from: $0.rate, to: storeRate)($0.samples)) }
        let length = resampled.map(\.samples.count).min() ?? 0
        var out = [Float](repeating: 0, count: length * Leads.count)
        for (slot, s) in resampled {
            for t in 0..<length { out[t * Leads.count + slot] = s[t] }
        }
        return .success(out)
    }
}

/// Resamplers by rate pair, built once and shared by worker threads.
final class ResamplerCache: @unchecked Sendable {
    private var table: [String: Resampler] = [:]
    private let lock = NSLock()
    func resampler(from a: Double, to b: Double) -> Resampler {
        let key = "\(a)>\(b)"
        lock.lock(); defer { lock.unlock() }
        if let r = table[key] { return r }
        let r = Resampler(from: a, to: b)
        table[key] = r
        return r
    }
}

/// The first error of the store-writer queue, handed back to the ingesting thread.
private final class FailureBox: @unchecked Sendable {
    private var error: Error?
    private let lock = NSLock()
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func rethrow() throws { lock.lock(); let e = error; lock.unlock(); if let e { throw e } }
}
