import Augment
import Dispatch
import TensorCore

/// Augmentation throughput: windows per second on 256 × 12 × 250 batches, both cores.
/// Target for RRC+TO: at least 10× a training step's consumption (~470 windows/s → 4,700/s).
func runAugmentBenchmarks() throws {
    let (b, c, t) = (256, 12, 250)
    var g = SeededGenerator(seed: 1)
    let source = Tensor(shape: [b, c, t], scalars: (0..<(b * c * t)).map { _ in Float(g.normal()) * 0.3 })

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Median over `reps` runs of windows per second.
    func rate(_ windows: Int, reps: Int = 7, _ body: () throws -> Void) rethrows -> Double {
        try body()  // warm-up
        var rates: [Double] = []
        for _ in 0..<reps { rates.append(Double(windows) / (try seconds(body))) }
        return rates.sorted()[reps / 2]
    }

    print("augment: batch \(b) x \(c) x \(t), median of 7 runs")
    let cases: [(String, String)] = [("RRC,TO", "in place"), ("RRC,TO", "2 views"), ("GN,ChR,RRC", "in place")]
        + TransformKind.allCases.map { ($0.rawValue, "in place") } + [("BlW,PlN,EM,BlS", "in place")]
    for (names, mode) in cases {
        let pipeline = try Pipeline.parse(names)
        let r: Double
        if mode == "2 views" {
            var out = Tensor.zeros([2, b, c, t])
            r = try rate(2 * b) { try pipeline.makeViews(of: source, into: &out, rng: &g) }
        } else {
            var x = source
            r = try rate(b) { try pipeline.augment(batch: &x, rng: &g) }
        }
        let label = "\(names) (\(mode))".padding(toLength: 34, withPad: " ", startingAt: 0)
        print("  \(label) \(Int(r).formatted()) windows/s")
    }
}
