import Augment
import Dispatch
import Foundation
import TensorCore

/// Augmentation throughput on 256 × 12 × 250 batches with both cores: windows per wall-clock
/// second, and per CPU-second (steadier when other processes share the machine).
/// Target for RRC+TO: at least 10× a training step's consumption (~470 windows/s → 4,700/s).
func runAugmentBenchmarks() throws {
    let (b, c, t) = (256, 12, 250)
    var g = SeededGenerator(seed: 1)
    let source = Tensor(shape: [b, c, t], scalars: (0..<(b * c * t)).map { _ in Float(g.normal()) * 0.3 })

    func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Medians over `reps` runs of (windows per wall second, windows per CPU second).
    func rates(_ windows: Int, reps: Int = 7, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        try body()  // warm-up
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<reps {
            let w0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuSeconds()
            try body()
            wall.append(Double(windows) / (Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e9))
            cpu.append(Double(windows) / (cpuSeconds() - c0))
        }
        return (wall.sorted()[reps / 2], cpu.sorted()[reps / 2])
    }

    print("augment: batch \(b) x \(c) x \(t), \(ProcessInfo.processInfo.activeProcessorCount) cores, median of 7 runs")
    print("  \("pipeline".padding(toLength: 34, withPad: " ", startingAt: 0)) windows/s   windows/CPU-s")
    let cases: [(String, String)] = [("RRC,TO", "in place"), ("RRC,TO", "2 views"), ("GN,ChR,RRC", "in place")]
        + TransformKind.allCases.map { ($0.rawValue, "in place") } + [("BlW,PlN,EM,BlS", "in place")]
    for (names, mode) in cases {
        let pipeline = try AugmentationPipeline.parse(names)
        let r: (wall: Double, cpu: Double)
        if mode == "2 views" {
            var out = Tensor.zeros([2, b, c, t])
            r = try rates(2 * b) { try pipeline.makeViews(of: source, into: &out, rng: &g) }
        } else {
            var x = source
            r = try rates(b) { try pipeline.augment(batch: &x, rng: &g) }
        }
        let label = "\(names) (\(mode))".padding(toLength: 34, withPad: " ", startingAt: 0)
        let wall = Int(r.wall).formatted().padding(toLength: 11, withPad: " ", startingAt: 0)
        print("  \(label) \(wall) \(Int(r.cpu).formatted())")
    }
}
