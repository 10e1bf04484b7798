import Foundation
import TensorCore
import TestSupport
import XCTest
@testable import Datasets

final class StoreTests: XCTestCase {
    /// A store of records with lengths `lengths`; sample (t, lead) of record r is r·10000 + t + lead/100.
    func makeStore(_ lengths: [Int]) throws -> Store {
        let dir = try makeTemporaryDirectory(self)
        let w = try StoreWriter(destination: dir.appendingPathComponent("store"), format: "test", samplingRate: 100,
                                resampling: "none", labelSets: ["all", "rhythm"])
        for (r, n) in lengths.enumerated() {
            var s = [Float](repeating: 0, count: n * 12)
            for t in 0..<n { for c in 0..<12 { s[t * 12 + c] = Float(r * 10000 + t) + Float(c) / 100 } }
            let labels: [String: [String]] = ["all": r % 2 == 0 ? ["NORM", "SR"] : ["AFIB", "IMI"], "rhythm": r % 3 == 0 ? [] : ["SR"]]
            try w.append(.init(id: "rec\(r)", fold: r % 10 + 1, source: "src/\(r)", labels: labels, samples: s))
        }
        return try w.finish()
    }

    func testIndexLabelsAndFolds() throws {
        let store = try makeStore([1000, 1000, 240, 1000, 600])
        XCTAssertEqual(store.count, 5)
        XCTAssertEqual(try store.classes("all"), ["AFIB", "IMI", "NORM", "SR"])
        XCTAssertEqual(store.index.records[1].labels["all"], [0, 1])
        XCTAssertEqual(try store.records(inFolds: [1, 2]), [0, 1])
        XCTAssertEqual(try store.records(withLabelsIn: "rhythm"), [1, 2, 4])
        let m = try store.labelMatrix("all", records: [0, 1])
        XCTAssertEqual(m.shape, [2, 4])
        XCTAssertEqual(m.scalars, [0, 0, 1, 1, 1, 1, 0, 0])
        assertDatasetError(try store.classes("nope"), mentions: ["no label set 'nope'"])
        XCTAssertEqual(store.signal(3)[5 * 12 + 2], 30005.02, accuracy: 1e-3)
    }

    /// The store `finish` returns holds the index it wrote; reopening the directory decodes the same one.
    func testTheFinishedStoreIsTheOneOnDisk() throws {
        let store = try makeStore([1000, 240, 600])
        let reopened = try Store(directory: store.directory)
        XCTAssertEqual(reopened.index, store.index)
        XCTAssertEqual(Array(reopened.signal(2)), Array(store.signal(2)))
    }

    /// A store past several writeback strides reads back sample for sample: starting the kernel's
    /// writeback as the file grows changes what reaches the disk when, never what the file holds.
    func testAStoreLargerThanTheWritebackStrideReadsBackExactly() throws {
        let perRecord = 1000 * 12 * MemoryLayout<Float>.size
        let count = Int(StoreWriter.writebackStride) * 5 / 2 / perRecord
        let store = try makeStore([Int](repeating: 1000, count: count))
        let reopened = try Store(directory: store.directory)
        XCTAssertEqual(reopened.count, count)
        for r in [0, count / 2, count - 1] {
            let s = Array(reopened.signal(r))
            XCTAssertEqual(s.count, 1000 * 12)
            XCTAssertEqual(s[0], Float(r * 10000), "record \(r)")
            XCTAssertEqual(s[999 * 12 + 11], Float(r * 10000 + 999) + 0.11, "record \(r)")
        }
    }

    /// numpy memory-maps the signal file and sees the same numbers the index points at.
    func testNumpyReadsTheSignalFile() throws {
        let store = try makeStore([300, 200])
        let script = #"""
import sys, json, numpy as np
a = np.load(sys.argv[1] + '/signals.npy', mmap_mode='r')
idx = json.load(open(sys.argv[1] + '/index.json'))
r = idx['records'][1]
print(json.dumps({'shape': list(a.shape), 'v': float(a[r['offset'] + 7, 3])}))
"""#
        let out = try XCTUnwrap(try oracleJSON(script, [store.directory.path]) as? [String: Any])
        XCTAssertEqual(out["shape"] as? [Int], [500, 12])
        XCTAssertEqual(out["v"] as? Double ?? 0, 10007.03, accuracy: 1e-3)
    }

    func testRandomWindowsCoverTheRangeAndDropShortRecords() throws {
        let store = try makeStore([1000, 260, 240, 250])
        var rng = SeededGenerator(seed: 1)
        var starts: [Int: Set<Int>] = [:]
        for _ in 0..<400 {
            let w = store.randomWindows(records: [0, 1, 2, 3], length: 250, rng: &rng)
            XCTAssertEqual(Set(w.map(\.record)), [0, 1, 3])  // 240 < 250 dropped
            for x in w {
                XCTAssertTrue(x.start >= 0 && x.start + 250 <= store.index.records[x.record].length)
                starts[x.record, default: []].insert(x.start)
            }
        }
        XCTAssertEqual(starts[1], Set(0...10))  // both ends of [0, len − L] are drawn
        XCTAssertEqual(starts[3], [0])
        XCTAssertGreaterThan(starts[0]!.count, 300)
    }

    func testStridedWindowsAndLeadMajorBatches() throws {
        let store = try makeStore([1000, 400])
        let w = store.stridedWindows(records: [0, 1], length: 250, stride: 125)
        XCTAssertEqual(w.filter { $0.record == 0 }.map(\.start), [0, 125, 250, 375, 500, 625, 750])
        XCTAssertEqual(w.filter { $0.record == 1 }.map(\.start), [0, 125])
        let b = store.batch(w[1...2], length: 250)
        XCTAssertEqual(b.signals.shape, [2, 12, 250])
        XCTAssertEqual(b.records, [0, 0])
        XCTAssertEqual(b.starts, [125, 250])
        // [window 1, lead 3, t 4] = record 0, time 254, lead 3.
        XCTAssertEqual(b.signals.scalars[1 * 12 * 250 + 3 * 250 + 4], 254.03, accuracy: 1e-3)
        let n = LeadNormalization(mean: [Float](repeating: 1, count: 12), std: [Float](repeating: 2, count: 12))
        let bn = store.batch(w[0...0], length: 250, normalization: n)
        XCTAssertEqual(bn.signals.scalars[2 * 250 + 10], (10.02 - 1) / 2, accuracy: 1e-3)
        let batches = Array(store.batches(w, size: 4, length: 250))
        XCTAssertEqual(batches.map { $0.signals.shape[0] }, [4, 4, 1])
        XCTAssertEqual(Array(store.batches(w, size: 4, length: 250, dropLast: true)).count, 2)
    }

    func testCorruptIndexIsRejected() throws {
        let store = try makeStore([100])
        let idx = store.directory.appendingPathComponent("index.json")
        var text = try String(contentsOf: idx)
        text = text.replacingOccurrences(of: "\"length\":100", with: "\"length\":1000")
        try text.write(to: idx, atomically: true, encoding: .utf8)
        assertDatasetError(try Store(directory: store.directory), mentions: ["index.json", "rec0", "outside"])
    }
}

final class StoreIndexJSONTests: XCTestCase {
    /// The hand-written index JSON decodes to the same value, escapes included.
    func testIndexJSONRoundTrips() throws {
        let idx = StoreIndex(version: 1, format: "ptbxl", samplingRate: 100, leads: Leads.canonical,
                             labelSets: ["all": ["A\"B", "C\\D"], "rhythm": []], resampling: "x\ny",
                             records: [.init(id: "1\t", offset: 0, length: 10, fold: 3, source: "p/q", labels: ["all": [0, 1], "rhythm": []])])
        XCTAssertEqual(try JSONDecoder().decode(StoreIndex.self, from: idx.jsonData()), idx)
    }
}
