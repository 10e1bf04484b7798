import TensorCore
import TestSupport
import XCTest
@testable import Interop

final class RecordWindowsTests: XCTestCase {
    func testTenSecondRecordGivesSevenEvaluationWindows() throws {
        let windows = try RecordWindows()
        XCTAssertEqual(windows.starts(samples: 1000), [0, 125, 250, 375, 500, 625, 750])
        XCTAssertEqual(windows.starts(samples: 249), [])
        XCTAssertEqual(windows.starts(samples: 374), [0])
    }

    func testBatchCopiesEachLeadsSamples() throws {
        let record = Tensor(shape: [2, 7], scalars: (0..<14).map(Float.init))
        let batch = try RecordWindows(length: 3, stride: 2).batch(record)
        XCTAssertEqual(batch.shape, [3, 2, 3])
        XCTAssertEqual(batch.scalars, [0, 1, 2, 7, 8, 9, 2, 3, 4, 9, 10, 11, 4, 5, 6, 11, 12, 13])
        assertThrows(try RecordWindows(length: 8, stride: 2).batch(record), mentioning: ["7 samples", "8-sample window"])
        assertThrows(try RecordWindows(length: 0, stride: 2), mentioning: ["must both be positive"])
    }

    func testMeanOverRows() {
        XCTAssertEqual(meanOverRows(Tensor(shape: [2, 3], scalars: [1, 2, 3, 3, 4, 5])), [2, 3, 4])
    }
}
