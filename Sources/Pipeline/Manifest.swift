import Foundation

/// The record of one cache entry: what stage produced it from which inputs, and a checksum of
/// every artifact (so corruption is detected and `explain` can compare inputs field by field).
public struct Manifest: Codable, Sendable, Equatable {
    /// One artifact file.
    public struct Artifact: Codable, Sendable, Equatable {
        /// Path relative to the entry's `artifacts/` directory.
        public let path: String
        /// Size in bytes.
        public let size: Int64
        /// SHA-256 of the contents.
        public let sha256: String
    }

    /// The stage key (the entry's directory name).
    public let key: String
    /// Stage kind.
    public let kind: String
    /// Stage label in the experiment that built it.
    public let label: String
    /// Stage implementation version.
    public let version: Int
    /// Output-affecting fields, canonical text by dotted path.
    public let fields: [String: String]
    /// Upstream keys by role.
    public let upstream: [String: String]
    /// Artifact files with checksums.
    public let artifacts: [Artifact]
    /// Experiment file and name that built it.
    public let experiment: String
    /// When it was completed (ISO-8601).
    public let created: String
    /// Host and pid that built it.
    public let host: String
    public let pid: Int32
    /// The BLAS kernels that computed it (`BLAS.kernels`): the same inputs give the same bits
    /// only on the same kernels, so this is provenance, not part of the key. Nil in entries
    /// written before it was recorded.
    public let blas: String?
    /// Wall-clock seconds of the final attempt.
    public let seconds: Double

    static func decode(_ url: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }

    func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }
}
