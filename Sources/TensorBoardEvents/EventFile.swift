import FileSupport
import Foundation

/// TensorBoard event files: encoded whole from a value list (so a resumed run regenerates the
/// same bytes as an uninterrupted one), written atomically, and read back with every CRC checked.
public enum EventFile {
    /// The version string of the first event, which TensorBoard checks.
    public static let fileVersion = "brain.Event:2"

    /// The bytes of an event file: the file_version event (at `createdAt`), then the HParams
    /// experiment (declaring the hyperparameters and `metrics`) and session start if any, the
    /// scalars in the order given, and the session end if any. `createdAt` defaults to the
    /// earliest time in the content, so the same content always gives the same bytes.
    public static func encode(scalars: [ScalarPoint], hparams: HParamsSession? = nil,
                              metrics: [HParamsMetric] = [], createdAt: Double? = nil) -> [UInt8] {
        let created = createdAt ?? earliestTime(scalars: scalars, hparams: hparams)
        return EventEncoding.bytes(of: EventEncoding.events(scalars: scalars, hparams: hparams, metrics: metrics,
                                                            createdAt: created))
    }

    /// TensorBoard's file name for an event file: `events.out.tfevents.<unix seconds>.<hostname>`.
    public static func fileName(createdAt: Double, hostname: String) -> String {
        // A NaN or out-of-range time would trap in the Int64 conversion; such a file is named 0.
        let seconds = (-9e18...9e18).contains(createdAt) ? Int64(createdAt.rounded(.down)) : 0
        return "events.out.tfevents.\(seconds).\(hostname)"
    }

    /// Encodes the content and writes it to `directory/fileName(createdAt:hostname:)`, replacing
    /// a previous version of the same file atomically; returns the file's URL.
    @discardableResult
    public static func write(scalars: [ScalarPoint], hparams: HParamsSession? = nil, metrics: [HParamsMetric] = [],
                             to directory: URL, createdAt: Double? = nil,
                             hostname: String = ProcessInfo.processInfo.hostName) throws -> URL {
        let created = createdAt ?? earliestTime(scalars: scalars, hparams: hparams)
        let bytes = encode(scalars: scalars, hparams: hparams, metrics: metrics, createdAt: created)
        let url = directory.appendingPathComponent(fileName(createdAt: created, hostname: hostname))
        try AtomicFile.write(bytes, to: url)
        return url
    }

    /// Reads and decodes an event file; throws `EventFileError` (naming the file and the
    /// record's byte offset) on a CRC mismatch, a truncated record or an impossible length.
    public static func read(_ url: URL) throws -> EventFileContents {
        let data = try Data(contentsOf: url)
        return try decode([UInt8](data), file: url.path)
    }

    /// Decodes event-file bytes; `file` names them in errors.
    public static func decode(_ bytes: [UInt8], file: String = "<bytes>") throws -> EventFileContents {
        try EventDecoding.contents(of: bytes, file: file)
    }

    static func earliestTime(scalars: [ScalarPoint], hparams: HParamsSession?) -> Double {
        let times = scalars.map(\.wallTime) + (hparams.map { [$0.startTime] } ?? [])
        return times.min() ?? 0
    }
}
