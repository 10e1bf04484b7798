import Foundation

/// One row of `ptbxl_database.csv`, reduced to what the experiments use.
public struct PTBXLRecord: Sendable {
    /// `ecg_id`.
    public var ecgID: Int
    /// `patient_id` (folds are patient-wise).
    public var patientID: Int
    /// Statement code → likelihood, in written order.
    public var scpCodes: [(code: String, likelihood: Double)]
    /// `strat_fold`, 1...10.
    public var fold: Int
    /// Path of the 100 Hz record (without extension), relative to the dataset root.
    public var filenameLR: String
    /// Path of the 500 Hz record.
    public var filenameHR: String
}

/// PTB-XL's metadata: the database rows and the statement table, with the label sets.
public struct PTBXLDatabase: Sendable {
    /// Rows in file order.
    public let records: [PTBXLRecord]
    /// Statement table by code.
    public let statements: [String: SCPStatement]

    /// Reads `ptbxl_database.csv` and `scp_statements.csv` from the dataset root; every
    /// `scp_codes` literal is parsed strictly and every code must be a known statement.
    public static func read(from source: FileSource) throws -> PTBXLDatabase {
        let stFile = source.displayName + "/scp_statements.csv"
        let statements = try SCPStatement.read(try source.data(at: "scp_statements.csv"), file: stFile)
        let dbFile = source.displayName + "/ptbxl_database.csv"
        let t = try CSVTable.parse(try source.data(at: "ptbxl_database.csv"), file: dbFile)
        let cID = try t.column("ecg_id"), cPat = try t.column("patient_id"), cSCP = try t.column("scp_codes")
        let cFold = try t.column("strat_fold"), cLR = try t.column("filename_lr"), cHR = try t.column("filename_hr")
        var records: [PTBXLRecord] = []
        records.reserveCapacity(t.rows.count)
        for (r, row) in t.rows.enumerated() {
            // pandas writes integer columns with NaNs as floats ("15709.0").
            func integer(_ c: Int) throws -> Int {
                if let v = Int(row[c]) { return v }
                if let d = Double(row[c]), d == d.rounded(), abs(d) < 1e15 { return Int(d) }
                throw t.error(row: r, column: c, "'\(row[c])' is not an integer")
            }
            let id = try integer(cID)
            let codes: [(code: String, likelihood: Double)]
            do { codes = try SCPCodes.parse(row[cSCP]) } catch {
                throw DatasetError(file: dbFile, record: String(id), "line \(t.lineNumbers[r]): field 'scp_codes': \(error) in \(row[cSCP])")
            }
            for c in codes where statements[c.code] == nil {
                throw DatasetError(file: dbFile, record: String(id),
                                   "line \(t.lineNumbers[r]): field 'scp_codes': statement '\(c.code)' is not in scp_statements.csv")
            }
            let fold = try integer(cFold)
            guard (1...10).contains(fold) else { throw t.error(row: r, column: cFold, "fold \(fold) is outside 1...10") }
            records.append(PTBXLRecord(ecgID: id, patientID: try integer(cPat), scpCodes: codes, fold: fold,
                                       filenameLR: row[cLR], filenameHR: row[cHR]))
        }
        return PTBXLDatabase(records: records, statements: statements)
    }

    /// The labels of `record` in label set `set` (the reference's rules: likelihoods ignored;
    /// sub/superclasses come from the diagnostic statements), deduplicated and sorted.
    public func labels(of record: PTBXLRecord, in set: LabelSet) -> [String] {
        var out = Set<String>()
        for (code, _) in record.scpCodes {
            guard let s = statements[code] else { continue }
            switch set {
            case .all: out.insert(code)
            case .diag: if s.diagnostic { out.insert(code) }
            case .form: if s.form { out.insert(code) }
            case .rhythm: if s.rhythm { out.insert(code) }
            case .subdiag: if s.diagnostic, !s.diagnosticSubclass.isEmpty { out.insert(s.diagnosticSubclass) }
            case .superdiag: if s.diagnostic, !s.diagnosticClass.isEmpty { out.insert(s.diagnosticClass) }
            }
        }
        return out.sorted()
    }

    /// The classes of label set `set` that occur in the database, in sorted order.
    public func classes(in set: LabelSet) -> [String] {
        var all = Set<String>()
        for r in records { all.formUnion(labels(of: r, in: set)) }
        return all.sorted()
    }
}
