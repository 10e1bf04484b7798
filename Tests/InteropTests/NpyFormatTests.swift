import Foundation
import TestSupport
import XCTest
@testable import Interop

final class NpyFormatTests: XCTestCase {
    private func sampleArrays() throws -> [String: NpyArray] {
        [
            "features": try NpyArray(shape: [2, 3], elements: .float32([0.5, -1.25, 3e-8, .greatestFiniteMagnitude, 0, -0.0])),
            "folds": try NpyArray(shape: [3], elements: .int64([1, 10, -5_000_000_000])),
            "counts": try NpyArray(shape: [1, 2], elements: .int32([7, -7])),
            "labels": try NpyArray(shape: [2, 2], elements: .bool([true, false, false, true])),
            "ids": try NpyArray(shape: [3], elements: .unicode(["00001_lr", "ä", ""])),
            "scalar": try NpyArray(shape: [], elements: .float64([2.5])),
        ]
    }

    /// numpy.load reads the .npz ZipWriter produces with the same values and dtypes.
    func testNumpyLoadsOurNpz() throws {
        let dir = try makeTemporaryDirectory(self)
        let url = dir.appendingPathComponent("out.npz")
        try NpzArchive.write(try sampleArrays(), to: url)
        let report = try PythonOracle.run("""
            import sys, numpy as np
            d = np.load(sys.argv[1])
            assert np.array_equal(d['features'], np.array([[0.5, -1.25, 3e-8], [np.finfo(np.float32).max, 0, -0.0]], dtype='<f4'))
            assert np.signbit(d['features'][1, 2])
            assert np.array_equal(d['folds'], np.array([1, 10, -5000000000], dtype='<i8'))
            assert np.array_equal(d['counts'], np.array([[7, -7]], dtype='<i4'))
            assert np.array_equal(d['labels'], np.array([[True, False], [False, True]]))
            assert list(d['ids']) == ['00001_lr', 'ä', '']
            assert d['scalar'].shape == () and d['scalar'] == 2.5
            print(' '.join(f'{k}:{d[k].dtype.str}' for k in sorted(d.files)))
            """, arguments: [url.path])
        XCTAssertEqual(report.trimmingCharacters(in: .whitespacesAndNewlines),
                       "counts:<i4 features:<f4 folds:<i8 ids:<U8 labels:|b1 scalar:<f8")
        XCTAssertEqual(try NpzArchive.read(url), try sampleArrays())
    }

    /// Files numpy writes (v1 and v2 headers, savez_compressed) decode to numpy's values.
    func testReadsNumpyWrittenFiles() throws {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import sys, os, numpy as np
            out = sys.argv[1]
            a = np.arange(24, dtype='<f4').reshape(2, 3, 4) / 7
            np.save(os.path.join(out, 'v1.npy'), a)
            with open(os.path.join(out, 'v2.npy'), 'wb') as f:
                np.lib.format.write_array(f, np.array([3, -4], dtype='<i8'), version=(2, 0))
            np.savez_compressed(os.path.join(out, 'c.npz'), x=a, names=np.array(['a', 'bc']), flags=np.array([True, False]))
            np.save(os.path.join(out, 'fortran.npy'), np.asfortranarray(a))
            np.save(os.path.join(out, 'u2.npy'), np.array([1, 2], dtype='<u2'))
            """, arguments: [dir.path])
        let expected = try NpyArray(shape: [2, 3, 4], elements: .float32((0..<24).map { Float($0) / 7 }))
        XCTAssertEqual(try NpyFormat.decode(Data(contentsOf: dir.appendingPathComponent("v1.npy")), name: "v1.npy"), expected)
        XCTAssertEqual(try NpyFormat.decode(Data(contentsOf: dir.appendingPathComponent("v2.npy")), name: "v2.npy"),
                       try NpyArray(shape: [2], elements: .int64([3, -4])))
        let npz = try NpzArchive.read(dir.appendingPathComponent("c.npz"))
        XCTAssertEqual(npz["x"], expected)
        XCTAssertEqual(npz["names"], try NpyArray(shape: [2], elements: .unicode(["a", "bc"])))
        XCTAssertEqual(npz["flags"], try NpyArray(shape: [2], elements: .bool([true, false])))
        assertThrows(try NpyFormat.decode(Data(contentsOf: dir.appendingPathComponent("fortran.npy")), name: "fortran.npy"),
                     mentioning: ["fortran.npy", "Fortran"])
        assertThrows(try NpyFormat.decode(Data(contentsOf: dir.appendingPathComponent("u2.npy")), name: "u2.npy"),
                     mentioning: ["u2.npy", "unsupported dtype '<u2'"])
        let v1 = try Data(contentsOf: dir.appendingPathComponent("v1.npy"))
        assertThrows(try NpyFormat.decode(v1.prefix(v1.count - 3), name: "short.npy"), mentioning: ["short.npy", "truncated", "[2, 3, 4]"])
    }

    func testHostileShapeFailsInsteadOfOverflowing() throws {
        var bytes = NpyFormat.encode(try NpyArray(shape: [1], elements: .float32([1])))
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
        bytes = bytes.prefix(8) + Data([UInt8(header.utf8.count), 0]) + Data(header.utf8) + Data(count: 4)
        assertThrows(try NpyFormat.decode(bytes, name: "huge.npy"), mentioning: ["huge.npy", "too large"])
    }

    func testEncodingMatchesNumpyByteForByte() throws {
        let dir = try makeTemporaryDirectory(self)
        let array = try NpyArray(shape: [4], elements: .float32([1, 2, 3, 4]))
        _ = try PythonOracle.run("import sys, numpy as np; np.save(sys.argv[1], np.array([1, 2, 3, 4], dtype='<f4'))",
                                 arguments: [dir.appendingPathComponent("n.npy").path])
        XCTAssertEqual(NpyFormat.encode(array), try Data(contentsOf: dir.appendingPathComponent("n.npy")))
    }
}
