import FileSupport
import Foundation

/// The JSON index next to a store's signal file.
public struct StoreIndex: Codable, Equatable, Sendable {
    /// One record of the store.
    public struct Record: Codable, Equatable, Sendable {
        /// The dataset's own record id (e.g. PTB-XL's ecg_id).
        public var id: String
        /// First row (time step) of the record in the signal file.
        public var offset: Int
        /// Number of rows (time steps at `samplingRate`).
        public var length: Int
        /// Fold (PTB-XL's strat_fold 1…10; 0…9 for the pretraining corpora).
        public var fold: Int
        /// Where the record came from, relative to the ingested folder.
        public var source: String
        /// Label set name → indices into `StoreIndex.labelSets[name]`.
        public var labels: [String: [Int]]
    }

    /// Layout version of the store.
    public var version: Int
    /// Ingest format that produced the store (ptbxl, cinc, zheng, ribeiro, wfdb).
    public var format: String
    /// Sampling rate of every record, Hz.
    public var samplingRate: Double
    /// Lead names in column order (always `Leads.canonical`).
    public var leads: [String]
    /// Label set name → class names in sorted order.
    public var labelSets: [String: [String]]
    /// How the signals were resampled.
    public var resampling: String
    /// Records in file order.
    public var records: [Record]

    /// The layout version this code writes and reads.
    public static let currentVersion = 1
}

extension StoreIndex {
    /// Compact JSON with sorted keys, written by hand: Foundation's encoder is the slowest step of
    /// a full PTB-XL ingest on Linux. `JSONDecoder` reads it back.
    func jsonData() -> Data {
        var o = "{\"format\":\(JSONText.string(format)),\"labelSets\":{"
        o += labelSets.keys.sorted().map { k in JSONText.string(k) + ":[" + labelSets[k]!.map(JSONText.string).joined(separator: ",") + "]" }
            .joined(separator: ",")
        o += "},\"leads\":[" + leads.map(JSONText.string).joined(separator: ",") + "],\"records\":["
        var first = true
        for r in records {
            if !first { o += "," }
            first = false
            o += "{\"fold\":\(r.fold),\"id\":\(JSONText.string(r.id)),\"labels\":{"
            o += r.labels.keys.sorted().map { k in JSONText.string(k) + ":[" + r.labels[k]!.map(String.init).joined(separator: ",") + "]" }
                .joined(separator: ",")
            o += "},\"length\":\(r.length),\"offset\":\(r.offset),\"source\":\(JSONText.string(r.source))}"
        }
        o += "],\"resampling\":\(JSONText.string(resampling)),\"samplingRate\":\(samplingRate),\"version\":\(version)}"
        return Data(o.utf8)
    }
}
