import XCTest
import Foundation
import Augment
import TensorCore

final class BaselineWanderTests: XCTestCase {
    func testSameCurveOnAllLeadsMatchingTheCosineSum() throws {
        let cmax = 0.1
        let transform = try makeTransform("BlW")
        for seed in 0..<20 as Range<UInt64> {
            let input = TestWindow(leads: 12, length: 250) { _, _ in 0 }
            let out = applied(transform, to: input, seed: seed)
            for c in 1..<12 { XCTAssertEqual(Array(out.lead(c)), Array(out.lead(0)), "seed \(seed) lead \(c)") }
            // Direct evaluation with the same draws: C, then (a_k, φ_k) for k = 0..<50.
            var g = SeededGenerator(seed: seed)
            let amplitude = g.uniform(0, cmax)
            let terms = (0..<50).map { _ in (g.uniform(0, 1), g.uniform(0, 2 * Double.pi)) }
            let error = (0..<250).map { i -> Double in
                let time = Double(i) / 100
                var n = 0.0
                for (k, (a, phi)) in terms.enumerated() { n += a * cos(2 * Double.pi * Double(k) * 0.01 * time + phi) }
                return abs(Double(out[0, i]) - amplitude * n)
            }.max()!
            XCTAssertLessThan(error, 2e-6, "seed \(seed)")
        }
    }

    /// Fraction of a signal's energy at frequencies up to `cutoff` Hz, by DFT (Parseval).
    func lowBandEnergyFraction(_ x: [Float], cutoff: Double) -> Double {
        let n = x.count
        let maxBin = Int(cutoff * Double(n) / 100)
        let table = (0..<n).map { (cos(2 * Double.pi * Double($0) / Double(n)), sin(2 * Double.pi * Double($0) / Double(n))) }
        var low = 0.0
        for j in 0...maxBin {
            var re = 0.0, im = 0.0
            for (i, v) in x.enumerated() {
                let (c, s) = table[(j * i) % n]
                re += Double(v) * c; im -= Double(v) * s
            }
            low += (j == 0 ? 1 : 2) * (re * re + im * im)
        }
        let total = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        return low / Double(n) / total
    }

    func testNoEnergyAboveHalfAHertz() throws {
        // 100 s at 100 Hz: DFT bins are 0.01 Hz apart, so every cosine of the wander is one bin.
        let input = TestWindow(leads: 2, length: 10_000) { _, _ in 0 }
        for seed in 0..<3 as Range<UInt64> {
            let out = applied(try makeTransform("BaselineWander"), to: input, seed: seed)
            let fraction = lowBandEnergyFraction(Array(out.lead(1)), cutoff: 0.5)
            XCTAssertGreaterThan(fraction, 1 - 1e-6, "seed \(seed)")
        }
        // The check has teeth: a 2 Hz cutoff puts most energy above 0.5 Hz.
        let wide = applied(try makeTransform("BlW", ["fc": .number(2)]), to: input, seed: 0)
        XCTAssertLessThan(lowBandEnergyFraction(Array(wide.lead(0)), cutoff: 0.5), 0.6)
    }
}
