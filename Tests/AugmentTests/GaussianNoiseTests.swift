import XCTest
import Foundation
import Augment

final class GaussianNoiseTests: XCTestCase {
    func testAddedNoiseHasConfiguredStandardDeviation() throws {
        for scale in [0.005, 0.1] {
            let transform = try makeTransform("GN", ["scale": .number(scale)])
            let input = TestWindow(leads: 12, length: 250) { c, i in Float(c) * 0.1 + Float(i) * 0.001 }
            var noise: [Double] = []
            var crossLead = 0.0
            for seed in 0..<40 as Range<UInt64> {
                let out = applied(transform, to: input, seed: seed)
                let n = zip(out.x, input.x).map { Double($0) - Double($1) }
                noise += n
                crossLead += zip(n[0..<250], n[250..<500]).map { $0 * $1 }.reduce(0, +)
            }
            // 120,000 samples: the std estimate is within 0.2 % (1 sigma); allow 2 %.
            XCTAssertEqual(standardDeviation(noise), scale, accuracy: 0.02 * scale)
            XCTAssertEqual(mean(noise), 0, accuracy: 0.02 * scale)
            XCTAssertEqual(crossLead / Double(40 * 250) / (scale * scale), 0, accuracy: 0.1, "leads independent")
            // Gaussian shape: excess kurtosis 0 (standard error 0.014 here; uniform noise gives -1.2).
            let m = mean(noise), v = noise.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(noise.count)
            let k4 = noise.map { pow($0 - m, 4) }.reduce(0, +) / Double(noise.count) / (v * v) - 3
            XCTAssertEqual(k4, 0, accuracy: 0.08)
        }
    }
}
