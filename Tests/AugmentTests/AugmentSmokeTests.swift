import XCTest
@testable import Augment

final class AugmentSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
