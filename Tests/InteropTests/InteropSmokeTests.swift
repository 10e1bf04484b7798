import XCTest
@testable import Interop

final class InteropSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
