/// The source data set of a PhysioNet/CinC 2020 training record, told by its name's prefix
/// (the challenge names every record after the data set it came from).
public enum CinCSubset: String, CaseIterable, Sendable {
    /// China Physiological Signal Challenge 2018 (ICBEB2018): A0001…
    case cpsc2018
    /// Its unused part, CPSC-Extra (ICBEB2018_2): Q0001…
    case cpscExtra
    /// St Petersburg INCART 12-lead arrhythmia database: I0001…
    case incart
    /// PTB diagnostic ECG database: S0001…
    case ptb
    /// PTB-XL: HR00001…
    case ptbxl
    /// Georgia 12-lead ECG challenge database: E00001…
    case georgia

    /// The subset of the record whose id (or path; its last component counts) is `recordID`, or
    /// nil when the name follows none of the challenge's prefixes.
    public init?(recordID: String) {
        let name = recordID.split(separator: "/").last.map(String.init) ?? recordID
        // HR before the one-letter prefixes; each prefix must be followed by the record number.
        let prefixes: [(String, CinCSubset)] = [("HR", .ptbxl), ("A", .cpsc2018), ("Q", .cpscExtra),
                                                ("I", .incart), ("S", .ptb), ("E", .georgia)]
        for (prefix, subset) in prefixes where name.hasPrefix(prefix) {
            let number = name.dropFirst(prefix.count)
            if !number.isEmpty, number.allSatisfy(\.isASCIIDigitCharacter) { self = subset; return }
        }
        return nil
    }

    /// Whether the subset is one of the two Physikalisch-Technische Bundesanstalt collections, PTB
    /// and PTB-XL: what `data.filter_cinc` drops, so that pretraining never sees the downstream
    /// set's signals (docs/method.md §1.2).
    public var overlapsPTBXL: Bool { self == .ptb || self == .ptbxl }
}

extension StoreIndex {
    /// Whether `record` is a CinC 2020 record from PTB or PTB-XL (false for every other format).
    public func isCinCPTBRecord(_ record: Record) -> Bool {
        format == DatasetFormat.cinc.rawValue && (CinCSubset(recordID: record.id)?.overlapsPTBXL ?? false)
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
