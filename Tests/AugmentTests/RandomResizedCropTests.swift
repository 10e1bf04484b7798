import XCTest
import Augment
import TensorCore

final class RandomResizedCropTests: XCTestCase {
    /// Lead 0 is a ramp (value = sample index), so its output is the time map itself: the
    /// fractional source index each output sample was taken from.
    func testKeepsLengthAndFollowsPiecewiseLinearPathThroughSubWindow() throws {
        let t = 250
        let transform = try makeTransform("RRC")
        var crops: [Int] = []
        for seed in 0..<300 as Range<UInt64> {
            let signal = TestWindow.random(leads: 12, length: t, seed: 1000 + seed)
            var input = signal
            for i in 0..<t { input.x[i] = Float(i) }
            let out = applied(transform, to: input, seed: seed)
            XCTAssertEqual(out.x.count, input.x.count)
            let u = Array(out.lead(0))
            let start = Int(u[0]), end = Int(u[t - 1])
            XCTAssertEqual(u[0], Float(start)); XCTAssertEqual(u[t - 1], Float(end))
            // Anchors are the samples with an integral source index: exactly the L crop samples.
            let anchors = u.filter { $0 == $0.rounded() }
            let l = end - start + 1
            XCTAssertEqual(anchors, (start...end).map(Float.init), "seed \(seed): crop samples in order, each once")
            XCTAssertTrue(l >= t / 2 && l <= t, "seed \(seed): crop length \(l)")
            XCTAssertTrue(l == t ? start == 0 : start + l - 1 <= t - 2, "seed \(seed): start \(start) L \(l)")
            for i in 1..<t { XCTAssertLessThan(u[i - 1], u[i], "seed \(seed): time map increasing") }
            // Every lead follows the same map: linear interpolation between consecutive crop samples.
            for c in 1..<12 {
                for i in 0..<t {
                    let j = min(Int(u[i]), t - 2), w = u[i] - Float(j)
                    let expected = signal[c, j] + w * (signal[c, j + 1] - signal[c, j])
                    if abs(out[c, i] - expected) > 1e-4 { XCTFail("seed \(seed) lead \(c) sample \(i)"); return }
                }
            }
            crops.append(l)
        }
        XCTAssertLessThanOrEqual(crops.min()!, 130)
        XCTAssertGreaterThanOrEqual(crops.max()!, 245)
    }

    func testFullRatioIsIdentity() throws {
        let input = TestWindow.random(seed: 9)
        let out = applied(try makeTransform("RandomResizedCrop", ["crop_ratio_range": .interval(1, 1)]), to: input, seed: 4)
        XCTAssertEqual(out.x, input.x)
    }
}
