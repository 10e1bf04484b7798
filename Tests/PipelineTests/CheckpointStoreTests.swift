import Foundation
@testable import Pipeline
import XCTest

final class CheckpointStoreTests: XCTestCase {
    func testSavesAtomicallyKeepsTheNewestTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let store = CheckpointStore(directory: dir, interval: 10)
        XCTAssertNil(store.latest())
        XCTAssertFalse(store.isDue(step: 0))
        XCTAssertFalse(store.isDue(step: 5))
        XCTAssertTrue(store.isDue(step: 20))
        for step in [10, 20, 30] {
            try store.save(step: step) { try "\(step)".write(to: $0.appendingPathComponent("s"), atomically: true, encoding: .utf8) }
        }
        let latest = try XCTUnwrap(store.latest())
        XCTAssertEqual(latest.step, 30)
        XCTAssertEqual(try String(contentsOf: latest.url.appendingPathComponent("s"), encoding: .utf8), "30")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(),
                       ["step-000000000020", "step-000000000030"])
    }

    /// Epochs of 12 steps with an interval of 50: saves after epochs 5, 9, 13 (steps 60, 108, 156),
    /// the first epoch end past each multiple; an interval of 1 saves after every epoch.
    func testEpochEndsSaveAfterEachMultipleOfTheInterval() {
        let store = CheckpointStore(directory: FileManager.default.temporaryDirectory, interval: 50)
        let due = (1...14).filter { store.isDue(from: ($0 - 1) * 12, to: $0 * 12) }
        XCTAssertEqual(due, [5, 9, 13])
        let every = CheckpointStore(directory: FileManager.default.temporaryDirectory, interval: 1)
        XCTAssertEqual((1...4).filter { every.isDue(from: ($0 - 1) * 12, to: $0 * 12) }, [1, 2, 3, 4])
        XCTAssertFalse(store.isDue(from: 48, to: 48), "no steps, no checkpoint")
    }

    /// A loop state written by a build with another layout is not resumed from: the checkpoints
    /// go, the caller hears why, and the stage starts over; a state that decodes is returned.
    func testALoopStateThatNoLongerDecodesIsDiscarded() throws {
        struct State: Codable, Equatable { var epoch: Int; var selection: [Double] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let store = CheckpointStore(directory: dir, interval: 1)
        try store.save(step: 4) { try Data(#"{"epoch": 4, "bestValidation": 0.7}"#.utf8).write(to: $0.appendingPathComponent("loop.json")) }
        var notes: [String] = []
        XCTAssertNil(store.latest(state: State.self) { notes.append($0) })
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("loop.json") && notes[0].contains("starts over"), notes[0])
        XCTAssertNil(store.latest(), "the stale checkpoints are gone")

        let saved = State(epoch: 5, selection: [0.7])
        try store.save(step: 5) { try JSONEncoder().encode(saved).write(to: $0.appendingPathComponent("loop.json")) }
        let found = try XCTUnwrap(store.latest(state: State.self) { notes.append($0) })
        XCTAssertEqual(found.state, saved)
        XCTAssertEqual(notes.count, 1)
    }

    func testAFailedWriteLeavesThePreviousCheckpoint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let store = CheckpointStore(directory: dir, interval: 1)
        try store.save(step: 1) { _ in }
        struct Boom: Error {}
        XCTAssertThrowsError(try store.save(step: 2) { _ in throw Boom() })
        XCTAssertEqual(store.latest()?.step, 1)
    }
}
