import XCTest
import TensorCore

final class InitTests: XCTestCase {
    func testInitializersHaveTheirPyTorchSpreads() {
        var g = SeededGenerator(seed: 3)
        let k = Tensor.kaimingNormal([200, 50], fanIn: 50, using: &g)
        let m = k.scalars.reduce(0, +) / Float(k.count)
        let sd = (k.scalars.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Float(k.count)).squareRoot()
        XCTAssertEqual(sd, (2.0 / 50).squareRoot(), accuracy: 0.01)
        let u = Tensor.pytorchDefaultWeight([100, 64], fanIn: 64, using: &g)
        XCTAssertLessThanOrEqual(u.scalars.map(abs).max()!, 0.125)
        XCTAssertGreaterThan(u.scalars.map(abs).max()!, 0.12)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        XCTAssertEqual(Tensor.normal([10], using: &a), Tensor.normal([10], using: &b))
    }
}
