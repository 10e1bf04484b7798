import Datasets
import Foundation

/// PTB-XL's and Chapman/Zheng's CSV metadata, and the Python literal in `scp_codes`.
enum CSVTargets {
    static let csv = FuzzTarget("csv") { data in
        _ = try CSVTable.parse(data, file: "fuzz.csv")
    }

    static let scpCodes = FuzzTarget("scp_codes") { data in
        _ = try SCPCodes.parse(String(decoding: data, as: UTF8.self))
    }

    static let scpStatements = FuzzTarget("scp_statements") { data in
        _ = try SCPStatement.read(data, file: "scp_statements.csv")
    }

    /// `ptbxl_database.csv`, NUL, `scp_statements.csv`; then the label sets the ingest derives.
    static let ptbxlDatabase = FuzzTarget("ptbxl_database") { data in
        let (database, statements) = FuzzInput.split(data)
        let source = MemorySource(files: ["ptbxl_database.csv": database, "scp_statements.csv": statements])
        let db = try PTBXLDatabase.read(from: source)
        for set in LabelSet.allCases { _ = db.classes(in: set) }
        _ = try PTBXLReader(source: source).items()
    }

    /// `Diagnostics.csv`, NUL, one record's CSV; listed and loaded by `ZhengReader`.
    static let zheng = FuzzTarget("zheng") { data in
        let (diagnostics, record) = FuzzInput.split(data)
        let reader = ZhengReader(source: MemorySource(files: ["Diagnostics.csv": diagnostics, "MUSE_1.csv": record]))
        for item in try reader.items() { _ = try reader.load(item) }
    }
}
