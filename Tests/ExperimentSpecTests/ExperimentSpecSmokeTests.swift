import XCTest
@testable import ExperimentSpec

final class ExperimentSpecSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
