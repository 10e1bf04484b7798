import XCTest
import Augment
import TensorCore

final class BaselineShiftTests: XCTestCase {
    func testMatchesSegmentModelWithReferenceLeadGains() throws {
        let cmax = 1.0, t = 1000, fs = 100.0
        let transform = try makeTransform("BlS")
        let zero = TestWindow(leads: 12, length: t) { _, _ in 0 }
        for seed in 0..<50 as Range<UInt64> {
            let out = applied(transform, to: zero, seed: seed)
            var g = SeededGenerator(seed: seed)
            let c = g.uniform(0, cmax)
            var curve = [Double](repeating: 0, count: t)
            for _ in 0..<g.int(0...Int(0.3 * Double(t) / fs + 0.5)) {
                let mid = Double(g.int(0...(t - 1)))
                let seconds = g.normal(mean: 3, std: 0.6)
                let left = max(0, Int(mid - 0.5 * fs * seconds)), right = min(t - 1, Int(mid + 0.5 * fs * seconds))
                let level = g.uniform(-1, 1)
                if left <= right { for i in left...right { curve[i] = level } }
            }
            for lead in 0..<12 {
                let gain = 2 * Double(g.int(0...1)) - g.normal(mean: 1, std: 1)
                let error = (0..<t).map { abs(Double(out[lead, $0]) - c * curve[$0] * gain) }.max()!
                XCTAssertLessThan(error, 1e-6, "seed \(seed) lead \(lead)")
            }
        }
    }

    func testShortWindowHasAtMostOneStepSegmentSharedByAllLeads() throws {
        let transform = try makeTransform("BaselineShift")
        let zero = TestWindow(leads: 12, length: 250) { _, _ in 0 }
        var unchanged = 0
        for seed in 0..<1000 as Range<UInt64> {
            let n = applied(transform, to: zero, seed: seed)
            let support = (0..<250).filter { n[0, $0] != 0 }
            if support.isEmpty { unchanged += 1; continue }
            // One segment: a contiguous run of one constant level, at the same samples on every lead.
            let segment = support.first!...support.last!
            XCTAssertEqual(support, Array(segment))
            for c in 0..<12 {
                let level = n[c, segment.lowerBound]
                XCTAssertTrue((0..<250).allSatisfy { n[c, $0] == (segment.contains($0) ? level : 0) }, "seed \(seed) lead \(c)")
            }
        }
        // int(0.3 · 2.5 + 0.5) = 1 segment at most, present with probability 1/2.
        XCTAssertEqual(Double(unchanged) / 1000, 0.5, accuracy: 0.06)
    }
}
