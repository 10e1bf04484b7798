import XCTest
import Augment
import TensorCore

final class TimeOutTests: XCTestCase {
    func testZeroesOneContiguousSpanOfIntRTSamplesOnAllLeads() throws {
        let t = 250
        let transform = try makeTransform("TO")
        let input = TestWindow(leads: 12, length: t) { c, i in 1 + Float(c) + Float(i) / 1000 }
        var lengths: [Int] = [], starts: [Int] = []
        for seed in 0..<500 as Range<UInt64> {
            let out = applied(transform, to: input, seed: seed)
            let zeroed = (0..<t).filter { out[0, $0] == 0 }
            let start = zeroed.first!, k = zeroed.count
            XCTAssertEqual(zeroed, Array(start..<(start + k)), "seed \(seed): span not contiguous")
            XCTAssertTrue((Int(0.2 * Double(t))...Int(0.4 * Double(t))).contains(k), "seed \(seed): span \(k)")
            XCTAssertLessThanOrEqual(start + k, t - 1, "seed \(seed): the last sample is never zeroed")
            for c in 0..<12 {
                for i in 0..<t {
                    let inSpan = i >= start && i < start + k
                    if out[c, i] != (inSpan ? 0 : input[c, i]) { XCTFail("seed \(seed) lead \(c) sample \(i)"); return }
                }
            }
            lengths.append(k); starts.append(start)
        }
        // The whole parameter range is exercised.
        XCTAssertLessThanOrEqual(lengths.min()!, 53)
        XCTAssertGreaterThanOrEqual(lengths.max()!, 96)
        XCTAssertLessThanOrEqual(starts.min()!, 5)
    }

    func testOverriddenRangeIsUsed() throws {
        let input = TestWindow(leads: 2, length: 100) { _, _ in 1 }
        let none = applied(try makeTransform("TimeOut", ["crop_ratio_range": .interval(0, 0)]), to: input, seed: 1)
        XCTAssertEqual(none.x, input.x)
        let big = applied(try makeTransform("TimeOut", ["crop_ratio_range": .interval(0.9, 0.9)]), to: input, seed: 1)
        XCTAssertEqual(big.x.filter { $0 == 0 }.count, 2 * 90)
    }
}
