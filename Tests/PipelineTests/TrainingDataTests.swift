import Datasets
import Foundation
import TensorCore
import XCTest
@testable import Pipeline

final class TrainingDataTests: XCTestCase {
    /// A store of `format` whose records are named `ids`, 300 samples each, record k in fold k mod 10.
    func makeStore(format: String, ids: [String]) throws -> Store {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("TrainingDataTests-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let w = try StoreWriter(destination: dir, format: format, samplingRate: 100, resampling: "none", labelSets: [])
        for (k, id) in ids.enumerated() {
            try w.append(.init(id: id, fold: k % 10, source: id, labels: [:], samples: [Float](repeating: Float(k), count: 300 * 12)))
        }
        return try w.finish()
    }

    /// `filterCinc` drops a CinC corpus's PTB (S…) and PTB-XL (HR…) records from both the training
    /// and the validation split, before `percentage`, and leaves a corpus of any other format whole.
    func testFilterCinCDropsPTBRecordsOfCinCCorporaOnly() throws {
        // Folds 0…9 in order: HR00002 (fold 9) would be the validation record.
        let ids = ["A0001", "HR00001", "Q0001", "S0001", "I0001", "E00001", "A0002", "S0002", "E00002", "HR00002", "A0003"]
        let cinc = try makeStore(format: "cinc", ids: ids)
        let wfdb = try makeStore(format: "wfdb", ids: ids)
        func names(_ filter: Bool, _ stores: [Store]) throws -> (train: [[String]], val: [[String]]) {
            var rng = SeededGenerator(seed: 3)
            let s = try CorpusSampler(stores: stores, length: 250, percentage: 1, filterCinc: filter, normalization: nil, rng: &rng)
            return (zip(stores, s.train).map { st, t in t.map { st.index.records[$0].id } },
                    zip(stores, s.validation).map { st, v in v.map { st.index.records[$0].id } })
        }
        let filtered = try names(true, [cinc, wfdb])
        // Left: folds 0, 2, 4, 5, 6 and 8; the highest, 8 (E00002), validates.
        XCTAssertEqual(filtered.train[0], ["A0001", "Q0001", "I0001", "E00001", "A0002", "A0003"])
        XCTAssertEqual(filtered.val[0], ["E00002"])
        XCTAssertEqual(filtered.train[1], ids.filter { $0 != "HR00002" }, "a wfdb corpus is not filtered")
        XCTAssertEqual(filtered.val[1], ["HR00002"])
        let unfiltered = try names(false, [cinc])
        XCTAssertEqual(unfiltered.val[0], ["HR00002"])
        XCTAssertEqual(unfiltered.train[0].count, 10)
    }
}
