import XCTest
@testable import TensorBoardEvents

final class CRC32CTests: XCTestCase {
    func testStandardCheckValue() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
    }

    // RFC 3720 (iSCSI), appendix B.4, plus the empty input and a one-byte input.
    func testPublishedVectors() {
        XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
        XCTAssertEqual(CRC32C.checksum(Array("a".utf8)), 0xC1D0_4330)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }), 0x113F_DB5C)
    }

    // The slicing-by-8 loop and its byte-at-a-time tail must agree with the plain bitwise
    // definition at every length around the 8-byte boundary, and for non-contiguous input.
    func testMatchesBitwiseDefinitionAtEveryLength() {
        var rng = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            XCTAssertEqual(CRC32C.checksum(bytes), bitwise(bytes), "length \(length)")
            XCTAssertEqual(CRC32C.checksum(bytes.lazy.map { $0 }), bitwise(bytes), "lazy, length \(length)")
            XCTAssertEqual(CRC32C.checksum(bytes[...].dropFirst()), bitwise(Array(bytes.dropFirst())),
                           "slice, length \(length)")
        }
    }

    func testMask() {
        // The mask is a 15-bit rotation plus a constant: check it against the formula.
        for crc: UInt32 in [0, 1, 0xE306_9283, 0xFFFF_FFFF] {
            XCTAssertEqual(CRC32C.masked(crc), ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
        }
        XCTAssertEqual(CRC32C.masked(0), 0xA282_EAD8)
        XCTAssertEqual(CRC32C.maskedChecksum(Array("123456789".utf8)), CRC32C.masked(0xE306_9283))
    }

    private func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
