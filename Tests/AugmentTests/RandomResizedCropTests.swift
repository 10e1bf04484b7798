import XCTest
import Augment
import TensorCore
import TestSupport
import Foundation

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

final class RandomResizedCropOracleTests: XCTestCase {
    /// The reference's own procedure in numpy — crop samples written at the chosen positions of
    /// an inf-filled (T, C) array, then `np.interp` over the channel-major flattened array — fed
    /// with the crop and positions this implementation drew (read back from a ramp lead).
    func testMatchesReferenceInterpolationOverFlattenedLeads() throws {
        let t = 250
        for seed in 0..<3 as Range<UInt64> {
            var input = TestWindow.random(leads: 12, length: t, seed: 70 + seed)
            for i in 0..<t { input.x[i] = Float(i) }
            let out = applied(try makeTransform("RRC"), to: input, seed: seed)
            let u = Array(out.lead(0))
            let positions = (0..<t).filter { u[$0] == u[$0].rounded() }
            let start = Int(u[0])
            let script = """
            import sys, numpy as np
            T, C = 250, 12
            x = np.array([float(v) for v in sys.argv[1].split(',')], dtype=np.float32).reshape(C, T).T
            start = int(sys.argv[2]); idx = np.array([int(v) for v in sys.argv[3].split(',')])
            out = np.full((T, C), np.inf, dtype=np.float32)
            out[idx, :] = x[start:start + len(idx), :]
            flat = out.T.flatten()
            miss = flat == np.inf
            flat[miss] = np.interp(np.where(miss)[0], np.where(~miss)[0], flat[~miss])
            print(','.join(repr(float(v)) for v in flat))
            """
            let text = try PythonOracle.run(script, arguments: [
                input.x.map { "\($0)" }.joined(separator: ","), "\(start)", positions.map(String.init).joined(separator: ","),
            ])
            let expected = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { Double($0)! }
            XCTAssertEqual(expected.count, out.x.count)
            let error = zip(out.x, expected).map { abs(Double($0) - $1) }.max()!
            XCTAssertLessThan(error, 1e-5, "seed \(seed)")
        }
    }
}
