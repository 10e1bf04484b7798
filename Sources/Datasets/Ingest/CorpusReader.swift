import Foundation

/// The corpora `ingest` understands.
public enum DatasetFormat: String, CaseIterable, Sendable {
    /// PTB-XL (`ptbxl_database.csv`, `scp_statements.csv`, WFDB records).
    case ptbxl
    /// PhysioNet/CinC 2020 (WFDB headers + MATLAB v4 `.mat`, SNOMED codes in `#Dx:`).
    case cinc
    /// Chapman/Shaoxing (Zheng 2020): one CSV per record, 500 Hz, µV.
    case zheng
    /// CODE/Ribeiro test set: `ecg_tracings.hdf5`, 400 Hz, zero padded.
    case ribeiro
    /// Any WFDB folder listed by a `RECORDS` file, unlabeled (the synthetic pretraining corpus).
    case wfdb
}

/// One record a corpus reader found: identity, provenance, fold and labels (loaded lazily).
public struct CorpusItem: Sendable {
    public var id: String
    /// Path relative to the corpus root (what `load` reads).
    public var source: String
    public var fold: Int
    /// Label set name → class names.
    public var labels: [String: [String]]
    /// Reader-specific position (e.g. row in an HDF5 tensor).
    public var position: Int = 0
}

/// One decoded lead: its store slot, samples in mV and sampling rate.
public struct LeadSignal: Sendable {
    public var slot: Int
    public var samples: [Float]
    public var rate: Double
}

/// A corpus format: lists its records, then decodes each into leads (possibly in parallel).
public protocol CorpusReader: Sendable {
    /// Label set names this corpus provides (empty when unlabeled).
    var labelSets: [String] { get }
    /// Every record, in a stable order.
    func items() throws -> [CorpusItem]
    /// The leads of one record in mV, mapped to store slots.
    func load(_ item: CorpusItem) throws -> [LeadSignal]
}

/// Maps a WFDB record's signals to store slots, in mV.
func leadSignals(of record: WFDBRecord, file: String) throws -> [LeadSignal] {
    var out: [LeadSignal] = []
    var seen = Set<Int>()
    for (i, s) in record.header.signals.enumerated() {
        guard let slot = Leads.slot(of: s.description) else { continue }
        guard seen.insert(slot).inserted else {
            throw DatasetError(file: file, record: record.header.recordName, "lead '\(s.description)' appears twice")
        }
        out.append(LeadSignal(slot: slot, samples: try record.millivolts(i, file: file), rate: record.header.samplingFrequency(of: i)))
    }
    guard !out.isEmpty else {
        throw DatasetError(file: file, record: record.header.recordName,
                           "no ECG lead names among \(record.header.signals.map(\.description))")
    }
    return out
}
