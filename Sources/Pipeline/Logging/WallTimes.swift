import FileSupport
import Foundation

/// The wall times of one stage's scalar log, kept beside the run folders rather than in the
/// cache: `runs/.wall-times/<key>.json`, parallel to the rows of the entry's `scalars.csv`.
struct WallTimes: Codable, Equatable {
    /// The host the stage ran on (names the run folder's tfevents file, as TensorBoard's writer does).
    var host: String
    /// Seconds since the Unix epoch, one per scalar record.
    var wallTimes: [Double]

    /// Where the wall times of the stage `key` live under the runs directory `runs`.
    static func url(runs: URL, key: String) -> URL {
        runs.appendingPathComponent(".wall-times/\(key).json")
    }

    /// Writes them atomically (a reader never sees half a file).
    func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(try JSONEncoder().encode(self), to: url)
    }

    /// The wall times at `url`, nil when absent or unreadable (the view then falls back to steps).
    static func read(_ url: URL) -> WallTimes? {
        (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(WallTimes.self, from: $0) }
    }
}
