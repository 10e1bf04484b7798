import Foundation
import XCTest
@testable import Datasets

final class ResamplerTests: XCTestCase {
    func sine(_ f: Double, rate: Double, seconds: Double, phase: Double = 0.3) -> [Float] {
        (0..<Int(rate * seconds)).map { Float(sin(2 * .pi * f * Double($0) / rate + phase)) }
    }

    /// In-band sines come out as the same sine sampled at the new instants.
    func testInBandSinesSurvive() {
        for (rate, f) in [(500.0, 7.0), (400.0, 13.0), (257.0, 3.0), (1000.0, 25.0), (500.0, 40.0)] {
            let r = Resampler(from: rate, to: 100)
            let y = r(sine(f, rate: rate, seconds: 10))
            XCTAssertEqual(y.count, Int(10 * 100), "rate \(rate)")
            var interior = 0.0, edge = 0.0
            for (m, v) in y.enumerated() {
                let err = abs(Double(v) - sin(2 * .pi * f * Double(m) / 100 + 0.3))
                if m >= 20 && m < y.count - 20 { interior = max(interior, err) } else { edge = max(edge, err) }
            }
            XCTAssertLessThan(interior, 2e-3, "rate \(rate), \(f) Hz, interior")
            XCTAssertLessThan(edge, f < 20 ? 0.05 : 0.5, "rate \(rate), \(f) Hz, edges")
        }
    }

    /// Content above the new Nyquist frequency is removed, not aliased.
    func testOutOfBandSinesAreRemoved() {
        for (rate, f) in [(500.0, 70.0), (400.0, 120.0), (500.0, 150.0)] {
            let y = Resampler(from: rate, to: 100)(sine(f, rate: rate, seconds: 10))
            let rms = (y[20..<(y.count - 20)].map { Double($0 * $0) }.reduce(0, +) / Double(y.count - 40)).squareRoot()
            XCTAssertLessThan(rms, 1e-2, "rate \(rate), \(f) Hz leaks \(rms)")
        }
    }

    func testConstantPassesExactlyAndSameRateIsIdentity() {
        let y = Resampler(from: 500, to: 100)([Float](repeating: 0.7, count: 5000))
        XCTAssertEqual(y.count, 1000)
        for v in y { XCTAssertEqual(v, 0.7, accuracy: 1e-5) }
        let x = sine(3, rate: 100, seconds: 1)
        XCTAssertEqual(Resampler(from: 100, to: 100)(x), x)
    }
}
