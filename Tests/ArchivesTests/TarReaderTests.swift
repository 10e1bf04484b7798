import Foundation
import TestSupport
import XCTest
@testable import Archives

final class TarReaderTests: XCTestCase {
    private func writeTarGz(format: String, into dir: URL) throws -> [String: Data] {
        let listing = try PythonOracle.run("""
            import io, sys, tarfile
            out, fmt = sys.argv[1], sys.argv[2]
            files = {
                'training/WFDB/A0001.hea': b'A0001 12 500 7500\\n' * 3,
                'training/WFDB/A0001.mat': bytes(range(256)) * 4,
                'training/' + 'long_' * 30 + '/B0001.mat': bytes(i % 7 for i in range(1000)),
                'empty.txt': b'',
            }
            with tarfile.open(out, 'w:gz', format=getattr(tarfile, fmt)) as t:
                d = tarfile.TarInfo('training'); d.type = tarfile.DIRTYPE; t.addfile(d)
                for name, data in files.items():
                    info = tarfile.TarInfo(name); info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
            for name, data in files.items():
                print(name + '\\t' + data.hex())
            """, arguments: [dir.appendingPathComponent("a.tar.gz").path, format])
        var expected: [String: Data] = [:]
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            expected[String(parts[0])] = Data(hexString: String(parts[1]))
        }
        return expected
    }

    private func readAll(_ url: URL) throws -> [TarEntry] {
        var reader = TarReader(source: try GzipInputStream(url: url))
        var entries: [TarEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return entries
    }

    func testReadsPaxAndGnuLongNamesFromTarGz() throws {
        for format in ["PAX_FORMAT", "GNU_FORMAT"] {
            let dir = try makeTemporaryDirectory(self)
            let expected = try writeTarGz(format: format, into: dir)
            let entries = try readAll(dir.appendingPathComponent("a.tar.gz"))
            XCTAssertEqual(entries.first, TarEntry(name: "training/", kind: .directory, data: Data()), format)
            let files = entries.filter { $0.kind == .file }
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.data) }), expected, format)
            XCTAssertTrue(files.contains { $0.name.count > 150 }, format)
        }
    }

    func testTruncatedTarGzNamesArchiveAndEntry() throws {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import io, os, sys, tarfile
            with tarfile.open(sys.argv[1], 'w:gz') as t:
                for name, size in [('first.hea', 100), ('big.mat', 200000)]:
                    data = os.urandom(size)
                    info = tarfile.TarInfo(name); info.size = size
                    t.addfile(info, io.BytesIO(data))
            """, arguments: [dir.appendingPathComponent("full.tar.gz").path])
        let full = try Data(contentsOf: dir.appendingPathComponent("full.tar.gz"))
        let cut = dir.appendingPathComponent("cut.tar.gz")
        try full.prefix(full.count / 2).write(to: cut)
        assertThrows(try readAll(cut), mentioning: ["archive '\(cut.path)'", "truncated archive", "'big.mat'"])
    }
}

extension Data {
    /// Bytes from a lowercase hex string (test helper).
    init(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            bytes.append(UInt8(hexString[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}
