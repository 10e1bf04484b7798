import XCTest
import Augment
import TensorCore

final class DynamicTimeWarpTests: XCTestCase {
    /// The reference's procedure as described in docs/method.md §4.2: squeeze, clear, refill with
    /// markers, then interpolate every cleared sample linearly between its set neighbours.
    func referenceWarp(_ x: [Double], center c: Int, radius r: Int = 10, step s: Int = 2) -> [Double] {
        var a = x
        let squeezed = stride(from: c - s * r, through: c + s * r, by: s).map { x[$0] }
        for i in (c - s * r)...(c + s * r) { a[i] = .nan }
        for (m, v) in squeezed.enumerated() { a[c - r + m] = v }
        let left = Array(a[(c - s * r - r)..<(c - s * r)]), right = Array(a[(c + s * r + 1)...(c + s * r + r)])
        for i in (c - s * r - r)..<(c - s * r) { a[i] = .nan }
        for i in (c + s * r + 1)...(c + s * r + r) { a[i] = .nan }
        for (m, v) in left.enumerated() { a[c - s * r - r + s * m] = v }
        for (m, v) in right.enumerated() { a[c + r + s + s * m] = v }
        var i = 0
        while i < a.count {
            if a[i].isNaN {
                var j = i
                while a[j].isNaN { j += 1 }
                for k in i..<j { a[k] = a[i - 1] + (a[j] - a[i - 1]) * Double(k - i + 1) / Double(j - i + 1) }
                i = j
            }
            i += 1
        }
        return a
    }

    func testSingleWarpMatchesReferenceProcedureAndCentreRange() throws {
        let t = 250
        let transform = try makeTransform("DTW", ["warps": .number(1)])
        var centres: [Int] = []
        for seed in 0..<300 as Range<UInt64> {
            var input = TestWindow.random(leads: 12, length: t, seed: 500 + seed)
            for i in 0..<t { input.x[i] = Float(i) }
            let out = applied(transform, to: input, seed: seed)
            // Sample c−29 is the first one the warp changes (the midpoint of c−30 and c−29).
            let first = (0..<t).first { out[0, $0] != Float($0) }!
            let c = first + 29
            XCTAssertTrue((30...(t - 33)).contains(c), "seed \(seed): centre \(c)")
            for lead in 0..<12 {
                let expected = referenceWarp(input.lead(lead).map(Double.init), center: c)
                for i in 0..<t where abs(Double(out[lead, i]) - expected[i]) > 1e-5 {
                    XCTFail("seed \(seed) lead \(lead) sample \(i): \(out[lead, i]) vs \(expected[i])"); return
                }
            }
            centres.append(c)
        }
        XCTAssertLessThanOrEqual(centres.min()!, 33)
        XCTAssertGreaterThanOrEqual(centres.max()!, t - 36)
    }

    func testDefaultWarpPreservesLengthAndEndpoints() throws {
        let transform = try makeTransform("DynamicTimeWarp")
        var changed = 0
        for seed in 0..<200 as Range<UInt64> {
            let input = TestWindow.random(leads: 12, length: 250, seed: seed)
            let out = applied(transform, to: input, seed: seed)
            XCTAssertEqual(out.x.count, input.x.count)
            for c in 0..<12 {
                XCTAssertEqual(out[c, 0], input[c, 0]); XCTAssertEqual(out[c, 249], input[c, 249])
            }
            if out.x != input.x { changed += 1 }
        }
        XCTAssertEqual(changed, 200)
    }

    func testRejectsWindowsShorterThanTheWarp() throws {
        let transform = try makeTransform("DTW")
        XCTAssertNoThrow(try transform.validate(leads: 12, length: 63))
        XCTAssertThrowsError(try transform.validate(leads: 12, length: 62)) { e in
            XCTAssertTrue("\(e)".contains("63"), "\(e)")
        }
    }
}
