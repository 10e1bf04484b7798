import Foundation
import TensorCore
import TestSupport
import XCTest
@testable import Interop

final class EmbeddingTableTests: XCTestCase {
    /// numpy.load reads the .npz; its arrays equal the CSV export parsed by numpy/csv.
    func testNumpyReadsNPZEqualToCSV() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 3)
        let values = (0..<(4 * 6)).map { _ in Float.random(in: -3...3, using: &rng) * 1e-3 }
        let table = try EmbeddingTable(
            records: ["00001_lr", "00002_lr", "weird,\"name\"", "00010_lr"],
            embeddings: Tensor(shape: [4, 6], scalars: values),
            classes: ["AFIB", "IMI", "NORM"],
            labels: [true, false, false, false, false, true, true, true, false, false, false, false],
            folds: [1, 9, 10, 3])
        try table.writeNPZ(to: dir.appendingPathComponent("e.npz"))
        try table.writeCSV(to: dir.appendingPathComponent("e.csv"))
        let report = try PythonOracle.run("""
            import csv, sys, numpy as np
            d = np.load(sys.argv[1] + '/e.npz')
            rows = list(csv.reader(open(sys.argv[1] + '/e.csv')))
            head, rows = rows[0], rows[1:]
            classes = [h[len('label:'):] for h in head if h.startswith('label:')]
            assert list(d['classes']) == classes, (d['classes'], classes)
            assert list(d['records']) == [r[0] for r in rows]
            assert np.array_equal(d['folds'], np.array([int(r[1]) for r in rows]))
            assert np.array_equal(d['labels'], np.array([[r[2 + i] == '1' for i in range(len(classes))] for r in rows]))
            csv_emb = np.array([[np.float32(x) for x in r[2 + len(classes):]] for r in rows], dtype=np.float32)
            assert d['embeddings'].dtype == np.float32 and np.array_equal(d['embeddings'], csv_emb)
            print(d['embeddings'].shape, d['labels'].dtype, d['folds'].dtype)
            """, arguments: [dir.path])
        XCTAssertEqual(report.trimmingCharacters(in: .whitespacesAndNewlines), "(4, 6) bool int64")
        XCTAssertEqual(try NpzArchive.read(dir.appendingPathComponent("e.npz"))["embeddings"], NpyArray(table.embeddings))
    }

    func testMismatchedLengthsAreRefused() {
        assertThrows(try EmbeddingTable(records: ["a", "b"], embeddings: Tensor.zeros([3, 4]), classes: [], labels: [], folds: [1, 2]),
                     mentioning: ["[3, 4]", "2 records"])
        assertThrows(try EmbeddingTable(records: ["a"], embeddings: Tensor.zeros([1, 4]), classes: ["X"], labels: [], folds: [1]),
                     mentioning: ["0 label entries", "1 records × 1 classes"])
    }
}
