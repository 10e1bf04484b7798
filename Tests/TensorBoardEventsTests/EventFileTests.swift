import XCTest
@testable import TensorBoardEvents

final class EventFileTests: XCTestCase {
    func testRoundTripThroughOurReader() throws {
        let bytes = EventFile.encode(scalars: Fixture.scalars, hparams: Fixture.hparams, metrics: Fixture.metrics)
        let contents = try EventFile.decode(bytes)
        XCTAssertEqual(contents, EventFileContents(fileVersion: "brain.Event:2", createdAt: Fixture.start,
                                                   scalars: Fixture.scalars, hparams: Fixture.hparams,
                                                   metrics: Fixture.metrics))
    }

    func testFirstEventIsTheFileVersion() throws {
        let bytes = EventFile.encode(scalars: Fixture.scalars, createdAt: 42)
        let first = try XCTUnwrap(TFRecord.records(in: bytes, file: "f").first)
        let event = try Tensorboard_Event(serializedBytes: Array(first.data))
        XCTAssertEqual(event.fileVersion, "brain.Event:2")
        XCTAssertEqual(event.wallTime, 42)
        XCTAssertEqual(event.step, 0)
    }

    func testScalarsOnlyWritesNoHParams() throws {
        let contents = try EventFile.decode(EventFile.encode(scalars: Fixture.scalars))
        XCTAssertNil(contents.hparams)
        XCTAssertEqual(contents.metrics, [])
        XCTAssertEqual(contents.scalars, Fixture.scalars)
        XCTAssertEqual(contents.createdAt, Fixture.start)
    }

    func testSessionWithoutEndRoundTrips() throws {
        var running = Fixture.hparams
        running.end = nil
        let contents = try EventFile.decode(EventFile.encode(scalars: [], hparams: running, metrics: Fixture.metrics))
        XCTAssertEqual(contents.hparams, running)
    }

    // The pipeline regenerates the file from its checkpointed log, so equal input must give
    // equal bytes: in particular the hparams map may not follow Dictionary's per-process order.
    func testEncodingIsDeterministic() {
        let a = EventFile.encode(scalars: Fixture.scalars, hparams: Fixture.hparams, metrics: Fixture.metrics)
        var reordered = HParamsSession(hparams: [:], startTime: Fixture.hparams.startTime, end: Fixture.hparams.end)
        for key in Fixture.hparams.hparams.keys.sorted().reversed() { reordered.hparams[key] = Fixture.hparams.hparams[key] }
        for _ in 0..<5 {
            XCTAssertEqual(EventFile.encode(scalars: Fixture.scalars, hparams: reordered, metrics: Fixture.metrics), a)
        }
    }

    func testWriteNamesTheFileAndReplacesItAtomically() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try EventFile.write(scalars: Array(Fixture.scalars.prefix(4)), hparams: Fixture.hparams,
                                        metrics: Fixture.metrics, to: dir, hostname: "node7")
        XCTAssertEqual(first.lastPathComponent, "events.out.tfevents.1700000000.node7")
        // A resumed run rewrites the whole file from the longer log: same name, one file, no temp left.
        let second = try EventFile.write(scalars: Fixture.scalars, hparams: Fixture.hparams,
                                         metrics: Fixture.metrics, to: dir, hostname: "node7")
        XCTAssertEqual(second, first)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [first.lastPathComponent])
        let onDisk = try [UInt8](Data(contentsOf: second))
        XCTAssertEqual(onDisk, EventFile.encode(scalars: Fixture.scalars, hparams: Fixture.hparams, metrics: Fixture.metrics))
        XCTAssertEqual(try EventFile.read(second).scalars, Fixture.scalars)
    }

    func testFileNameIsTensorBoardsPattern() {
        XCTAssertEqual(EventFile.fileName(createdAt: 1_700_000_000.99, hostname: "gpu-3"),
                       "events.out.tfevents.1700000000.gpu-3")
        XCTAssertEqual(EventFile.fileName(createdAt: .nan, hostname: "h"), "events.out.tfevents.0.h")
    }

    func testDoubleValuesAreKeptAsTheNearestFloat() throws {
        let literal = ScalarPoint(tag: "a", step: 1, value: 0.1, wallTime: 2)
        XCTAssertEqual(literal.value, Float(0.1))
        let precise = ScalarPoint(tag: "a", step: 1, value: Double.pi, wallTime: 2)
        XCTAssertEqual(try EventFile.decode(EventFile.encode(scalars: [precise])).scalars.first?.value, Float(Double.pi))
    }

    func testWriteIntoMissingDirectoryCreatesIt() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = try EventFile.write(scalars: Fixture.scalars, to: root.appendingPathComponent("a/b"), hostname: "h")
        XCTAssertEqual(try EventFile.read(url).scalars, Fixture.scalars)
    }

    func testWriteUnderARegularFileThrows() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try EventFile.write(scalars: Fixture.scalars, to: file, hostname: "h"))
    }

    func testCorruptedFileIsAnErrorNamingThePath() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try EventFile.write(scalars: Fixture.scalars, to: dir, hostname: "h")
        var bytes = try [UInt8](Data(contentsOf: url))
        let records = try TFRecord.records(in: bytes, file: url.path)
        let victim = records[3]
        bytes[victim.offset + 12 + victim.data.count] ^= 0x10   // first byte of its data CRC
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try EventFile.read(url)) { error in
            guard let e = error as? EventFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, url.path)
            XCTAssertEqual(e.offset, victim.offset)
            guard case .dataCRCMismatch = e.problem else { return XCTFail("\(e)") }
            XCTAssertTrue(e.description.contains(url.path) && e.description.contains("byte offset \(victim.offset)"))
        }
    }

    func testTruncatedFileIsAnError() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try EventFile.write(scalars: Fixture.scalars, hparams: Fixture.hparams, to: dir, hostname: "h")
        let bytes = try [UInt8](Data(contentsOf: url))
        let last = try XCTUnwrap(TFRecord.records(in: bytes, file: url.path).last)
        try Data(bytes.dropLast(3)).write(to: url)
        XCTAssertThrowsError(try EventFile.read(url)) { error in
            guard let e = error as? EventFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.offset, last.offset)
            XCTAssertEqual(e.problem, .lengthBeyondEnd(length: UInt64(last.data.count), available: last.data.count + 1))
        }
    }

    func testCRCValidGarbageIsAnUndecodableEvent() {
        var bytes = EventFile.encode(scalars: [], createdAt: 1)
        let start = bytes.count
        TFRecord.append([0xFF, 0xFF, 0xFF], to: &bytes)   // a truncated varint, not an Event
        XCTAssertThrowsError(try EventFile.decode(bytes, file: "g")) { error in
            guard let e = error as? EventFileError, case .undecodableEvent = e.problem else { return XCTFail("\(error)") }
            XCTAssertEqual(e.offset, start)
        }
    }
}
