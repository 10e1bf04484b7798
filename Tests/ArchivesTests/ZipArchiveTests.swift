import Foundation
import TestSupport
import XCTest
@testable import Archives

final class ZipArchiveTests: XCTestCase {
    /// Python's zipfile writes stored, deflated and zip64-header entries; every entry reads back
    /// byte-identical to the copy Python also wrote unpacked.
    func testReadsEntriesWrittenByPythonZipfile() throws {
        let dir = try makeTemporaryDirectory(self)
        let listing = try PythonOracle.run("""
            import os, random, sys, zipfile
            out = sys.argv[1]
            rng = random.Random(0)
            long = 'deep/' + 'x' * 150 + '/long-name.bin'
            files = {
                'plain.txt': b'hello zip\\n' * 50,
                'records100/00000/00001_lr.dat': bytes(rng.getrandbits(8) for _ in range(5000)),
                long: bytes(range(256)) * 40,
                'empty.bin': b'',
            }
            with zipfile.ZipFile(os.path.join(out, 'a.zip'), 'w') as z:
                z.writestr('plain.txt', files['plain.txt'], compress_type=zipfile.ZIP_STORED)
                z.writestr('records100/00000/00001_lr.dat', files['records100/00000/00001_lr.dat'], compress_type=zipfile.ZIP_DEFLATED)
                with z.open(long, 'w', force_zip64=True) as f:
                    f.write(files[long])
                z.writestr('empty.bin', b'', compress_type=zipfile.ZIP_DEFLATED)
                z.writestr(zipfile.ZipInfo('folder/'), b'')
            for name, data in files.items():
                path = os.path.join(out, 'raw', name.replace('/', '__'))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, 'wb').write(data)
            print('\\n'.join(files))
            """, arguments: [dir.path])
        let zip = try ZipArchive(url: dir.appendingPathComponent("a.zip"))
        let expectedNames = listing.split(separator: "\n").map(String.init)
        XCTAssertEqual(zip.entries.map(\.name), expectedNames + ["folder/"])
        XCTAssertEqual(zip.entry(named: "folder/")?.isDirectory, true)
        XCTAssertEqual(zip.entry(named: "records100/00000/00001_lr.dat")?.method, 8)
        for name in expectedNames {
            let raw = try Data(contentsOf: dir.appendingPathComponent("raw/" + name.replacingOccurrences(of: "/", with: "__")))
            XCTAssertEqual(try zip.data(named: name), raw, name)
        }
    }

    /// PTB-XL's published zip has ~88k entries, more than the 16-bit count holds, so its counts
    /// and offsets live in the zip64 end record. The test rewrites a small archive's end record
    /// into that form (all 32/16-bit fields saturated) and checks Python agrees it is valid.
    func testReadsZip64EndOfCentralDirectory() throws {
        var writer = ZipWriter()
        for i in 0..<3 { try writer.add(name: "records/\(i).hea", data: Data("record \(i)".utf8), method: .deflated) }
        let plain = writer.archiveData()
        let endOffset = plain.count - 22
        let directorySize = Int(plain.littleEndian(UInt32.self, at: endOffset + 12)!)
        let directoryOffset = Int(plain.littleEndian(UInt32.self, at: endOffset + 16)!)
        var bytes = plain.prefix(endOffset)
        let zip64Offset = bytes.count
        bytes.appendLittleEndian(UInt32(0x0606_4b50))
        bytes.appendLittleEndian(UInt64(44))
        bytes.appendLittleEndian(UInt16(45)); bytes.appendLittleEndian(UInt16(45))
        bytes.appendLittleEndian(UInt32(0)); bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(UInt64(3)); bytes.appendLittleEndian(UInt64(3))
        bytes.appendLittleEndian(UInt64(directorySize)); bytes.appendLittleEndian(UInt64(directoryOffset))
        bytes.appendLittleEndian(UInt32(0x0706_4b50))
        bytes.appendLittleEndian(UInt32(0)); bytes.appendLittleEndian(UInt64(zip64Offset)); bytes.appendLittleEndian(UInt32(1))
        bytes.appendLittleEndian(UInt32(0x0605_4b50))
        bytes.appendLittleEndian(UInt16(0)); bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16.max); bytes.appendLittleEndian(UInt16.max)
        bytes.appendLittleEndian(UInt32.max); bytes.appendLittleEndian(UInt32.max)
        bytes.appendLittleEndian(UInt16(0))

        let dir = try makeTemporaryDirectory(self)
        let url = dir.appendingPathComponent("z64.zip")
        try bytes.write(to: url)
        let names = try PythonOracle.run("import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(*z.namelist())",
                                         arguments: [url.path])
        XCTAssertEqual(names.trimmingCharacters(in: .whitespacesAndNewlines), "records/0.hea records/1.hea records/2.hea")
        let zip = try ZipArchive(url: url)
        XCTAssertEqual(zip.entries.map(\.name), ["records/0.hea", "records/1.hea", "records/2.hea"])
        XCTAssertEqual(try zip.data(named: "records/2.hea"), Data("record 2".utf8))
    }

    /// Archives written to a pipe put sizes and CRCs in data descriptors after each entry's data
    /// (flag bit 3): they read normally, and a cut-off one still names the cut entry.
    func testStreamedArchiveWithDataDescriptors() throws {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import io, sys, zipfile
            class Pipe(io.RawIOBase):
                def __init__(self, f): self.f = f
                def writable(self): return True
                def write(self, b): return self.f.write(b)
            with open(sys.argv[1], 'wb') as f:
                with zipfile.ZipFile(Pipe(f), 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr('a.hea', b'header\\n' * 10)
                    z.writestr('b.dat', bytes(range(256)) * 30)
            """, arguments: [dir.appendingPathComponent("streamed.zip").path])
        let bytes = try Data(contentsOf: dir.appendingPathComponent("streamed.zip"))
        XCTAssertNotEqual(bytes.littleEndian(UInt16.self, at: 6)! & ZipFormat.flagDataDescriptor, 0, "test archive lacks data descriptors")
        let zip = try ZipArchive(data: bytes, path: "streamed.zip")
        XCTAssertEqual(try zip.data(named: "b.dat"), Data((0..<30).flatMap { _ in (0..<256).map(UInt8.init) }))
        XCTAssertEqual(try zip.data(named: "a.hea"), Data(String(repeating: "header\n", count: 10).utf8))
        let secondHeader = try XCTUnwrap(zip.entry(named: "b.dat")).localHeaderOffset
        assertThrows(try ZipArchive(data: bytes.prefix(secondHeader + 50), path: "streamed.zip"),
                     mentioning: ["archive 'streamed.zip' entry 'b.dat': truncated archive"])
    }

    func testCorruptedEntryFailsItsCRCCheckNamingTheEntry() throws {
        var writer = ZipWriter()
        try writer.add(name: "a.bin", data: Data(repeating: 7, count: 100), method: .stored)
        var bytes = writer.archiveData()
        bytes[30 + 5 + 10] ^= 0xFF // inside a.bin's stored data
        let zip = try ZipArchive(data: bytes, path: "mem.zip")
        assertThrows(try zip.data(named: "a.bin"), mentioning: ["mem.zip", "'a.bin'", "CRC-32 mismatch"])
        assertThrows(try zip.data(named: "missing.bin"), mentioning: ["mem.zip", "no entry 'missing.bin'"])
    }

    /// An entry that inflates beyond its declared size is refused, not inflated without bound.
    func testEntryLargerThanDeclaredIsRefused() throws {
        var writer = ZipWriter()
        try writer.add(name: "bomb.bin", data: Data(count: 100_000), method: .deflated)
        var bytes = writer.archiveData()
        let directory = Int(bytes.littleEndian(UInt32.self, at: bytes.count - 22 + 16)!)
        for offset in [22, directory + 24] { bytes.replaceSubrange(offset..<(offset + 4), with: [10, 0, 0, 0]) }
        let zip = try ZipArchive(data: bytes, path: "bomb.zip")
        XCTAssertEqual(zip.entry(named: "bomb.bin")?.uncompressedSize, 10)
        assertThrows(try zip.data(named: "bomb.bin"), mentioning: ["bomb.zip", "'bomb.bin'", "inflates to more than its declared 10 bytes"])
    }

    func testTruncatedArchiveNamesArchiveAndEntry() throws {
        var writer = ZipWriter()
        try writer.add(name: "first.txt", data: Data("first".utf8), method: .deflated)
        try writer.add(name: "records/second.dat", data: Data((0..<4000).map { UInt8($0 % 251) }), method: .deflated)
        let full = writer.archiveData()
        // Cut in the middle of the second entry's data.
        let secondStart = full.count / 2
        assertThrows(try ZipArchive(data: full.prefix(secondStart), path: "cut.zip"),
                     mentioning: ["archive 'cut.zip' entry 'records/second.dat': truncated archive"])
        // Cut inside the central directory: the entries are complete, the directory is not.
        assertThrows(try ZipArchive(data: full.prefix(full.count - 30), path: "cut2.zip"),
                     mentioning: ["cut2.zip", "truncated archive", "central directory after entry 'records/second.dat'"])
        assertThrows(try ZipArchive(data: Data("not a zip".utf8), path: "junk.zip"), mentioning: ["junk.zip", "not a zip"])
    }

    /// Python's zipfile reads what ZipWriter writes, CRCs included.
    func testPythonReadsWhatZipWriterWrites() throws {
        let dir = try makeTemporaryDirectory(self)
        var writer = ZipWriter()
        let blob = Data((0..<10_000).map { UInt8(($0 * 31) % 256) })
        try writer.add(name: "stored.bin", data: blob, method: .stored)
        try writer.add(name: "dir/deflated.bin", data: blob, method: .deflated)
        try writer.add(name: "ünïcode.txt", data: Data("text".utf8), method: .deflated)
        assertThrows(try writer.add(name: "stored.bin", data: Data(), method: .stored), mentioning: ["duplicate entry 'stored.bin'"])
        let url = dir.appendingPathComponent("out.zip")
        try writer.write(to: url)
        let report = try PythonOracle.run("""
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            blob = bytes((i * 31) % 256 for i in range(10000))
            assert z.read('stored.bin') == blob and z.read('dir/deflated.bin') == blob
            assert z.read('ünïcode.txt') == b'text'
            print(' '.join(f'{i.filename}:{i.compress_type}' for i in z.infolist()))
            """, arguments: [url.path])
        XCTAssertEqual(report.trimmingCharacters(in: .whitespacesAndNewlines), "stored.bin:0 dir/deflated.bin:8 ünïcode.txt:8")
        // Identical contents give identical bytes (fixed timestamps).
        XCTAssertEqual(writer.archiveData(), try Data(contentsOf: url))
        XCTAssertEqual(try ZipArchive(url: url).data(named: "dir/deflated.bin"), blob)
    }
}
