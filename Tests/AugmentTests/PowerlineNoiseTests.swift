import XCTest
import Foundation
import Augment
import TensorCore

final class PowerlineNoiseTests: XCTestCase {
    func testMatchesFormulaWithAmplitudeAppliedTwice() throws {
        let cmax = 0.2
        let transform = try makeTransform("PlN")
        let input = TestWindow.random(leads: 12, length: 250, seed: 1)
        for seed in 0..<20 as Range<UInt64> {
            let out = applied(transform, to: input, seed: seed)
            var g = SeededGenerator(seed: seed)
            let c = g.uniform(0, cmax), phi = g.uniform(0, 2 * Double.pi)
            let a = (1...3).map { _ in g.uniform(0, 1) }
            for lead in 0..<12 {
                let gain = g.uniform(-1, 1)
                let error = (0..<250).map { i -> Double in
                    let t = Double(i) / 100
                    let s = (1...3).reduce(0.0) { $0 + a[$1 - 1] * cos(2 * Double.pi * Double($1) * 50 * t + phi) }
                    return abs(Double(out[lead, i] - input[lead, i]) - c * c * s * gain)
                }.max()!
                XCTAssertLessThan(error, 1e-6, "seed \(seed) lead \(lead)")
            }
        }
    }

    func testStatisticsAtOneHundredHertz() throws {
        let transform = try makeTransform("PowerlineNoise")
        let zero = TestWindow(leads: 12, length: 250) { _, _ in 0 }
        var largest: Float = 0
        for seed in 0..<2000 as Range<UInt64> {
            let n = applied(transform, to: zero, seed: seed)
            for c in 0..<12 {
                // 50 Hz harmonics sampled at 100 Hz repeat every 2 samples.
                for i in 2..<250 where abs(n[c, i] - n[c, i - 2]) > 1e-6 { XCTFail("not 2-periodic"); return }
                largest = max(largest, n.lead(c).map(abs).max()!)
            }
        }
        // C² · Σa_k · |g| <= 0.2² · 3 = 0.12; with C applied once the bound would be 0.6 and
        // the largest of 2000 draws far above 0.12.
        XCTAssertLessThanOrEqual(largest, 0.12)
        XCTAssertGreaterThan(largest, 0.06)
    }
}
