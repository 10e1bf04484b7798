import XCTest
@testable import TensorBoardEvents

final class TFRecordTests: XCTestCase {
    private let payloads: [[UInt8]] = [Array("first".utf8), [], Array(repeating: 7, count: 300)]

    private func framed() -> [UInt8] {
        var out: [UInt8] = []
        for p in payloads { TFRecord.append(p, to: &out) }
        return out
    }

    func testRoundTrip() throws {
        let bytes = framed()
        XCTAssertEqual(bytes.count, payloads.map { $0.count + 16 }.reduce(0, +))
        let records = try TFRecord.records(in: bytes, file: "f")
        XCTAssertEqual(records.map { Array($0.data) }, payloads)
        XCTAssertEqual(records.map(\.offset), [0, 21, 37])
    }

    func testLayoutIsLittleEndianLengthThenMaskedCRCs() {
        var out: [UInt8] = []
        TFRecord.append([0xAB], to: &out)
        XCTAssertEqual(Array(out[0..<8]), [1, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(TFRecord.readUInt32(out, at: 8), CRC32C.maskedChecksum(out[0..<8]))
        XCTAssertEqual(out[12], 0xAB)
        XCTAssertEqual(TFRecord.readUInt32(out, at: 13), CRC32C.maskedChecksum([0xAB]))
    }

    func testEmptyInputHasNoRecords() throws {
        XCTAssertEqual(try TFRecord.records(in: [], file: "f"), [])
    }

    func testFlippedDataByteIsADataCRCError() {
        var bytes = framed()
        bytes[37 + 12 + 150] ^= 0x01   // inside the third record's data
        assertProblem(bytes, offset: 37) {
            guard case .dataCRCMismatch = $0 else { return false }
            return true
        }
    }

    func testFlippedCRCByteIsAnError() {
        var bytes = framed()
        bytes[12 + 5] ^= 0x80   // the first record's data CRC
        assertProblem(bytes, offset: 0) {
            guard case .dataCRCMismatch = $0 else { return false }
            return true
        }
    }

    func testFlippedLengthByteIsALengthCRCError() {
        var bytes = framed()
        bytes[21] ^= 0x04   // the second record's length
        assertProblem(bytes, offset: 21) {
            guard case .lengthCRCMismatch = $0 else { return false }
            return true
        }
    }

    func testTruncationAtEveryPointIsAnError() {
        let bytes = framed()
        let boundaries: Set<Int> = [0, 21, 37, bytes.count]
        for cut in 1..<bytes.count where !boundaries.contains(cut) {
            XCTAssertThrowsError(try TFRecord.records(in: Array(bytes[..<cut]), file: "f"), "cut at \(cut)") { error in
                guard let e = error as? EventFileError else { return XCTFail("\(error)") }
                switch e.problem {
                case .truncatedHeader, .lengthBeyondEnd: break
                default: XCTFail("cut at \(cut): \(e)")
                }
            }
        }
    }

    // A length whose CRC is valid but that no file could back must be rejected before any
    // allocation or Int conversion (2^63 would trap as an Int).
    func testAbsurdLengthIsRejectedWithoutAllocating() {
        for length: UInt64 in [1 << 63, UInt64.max, 1 << 40, 5] {
            var bytes = TFRecord.littleEndianBytes(length)
            bytes += TFRecord.littleEndianBytes(CRC32C.maskedChecksum(bytes))
            bytes += [1, 2, 3, 4]
            assertProblem(bytes, offset: 0) { $0 == .lengthBeyondEnd(length: length, available: 4) }
        }
    }

    func testErrorNamesFileAndOffset() {
        var bytes = framed()
        bytes[bytes.count - 1] ^= 0xFF
        XCTAssertThrowsError(try TFRecord.records(in: bytes, file: "/runs/x/events.out.tfevents.1.h")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/runs/x/events.out.tfevents.1.h"), text)
            XCTAssertTrue(text.contains("byte offset 37"), text)
            XCTAssertTrue(text.contains("data CRC mismatch"), text)
        }
    }

    private func assertProblem(_ bytes: [UInt8], offset: Int, file: StaticString = #filePath, line: UInt = #line,
                               _ matches: (EventFileError.Problem) -> Bool) {
        XCTAssertThrowsError(try TFRecord.records(in: bytes, file: "f"), file: file, line: line) { error in
            guard let e = error as? EventFileError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.offset, offset, "\(e)", file: file, line: line)
            XCTAssertTrue(matches(e.problem), "\(e)", file: file, line: line)
        }
    }
}
