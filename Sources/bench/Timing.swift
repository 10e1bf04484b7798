import Foundation

/// Wall and whole-process CPU seconds of one run.
struct Measurement {
    /// Elapsed wall-clock seconds.
    var wall: Double
    /// CPU seconds summed over all threads (robust when other jobs share the cores).
    var cpu: Double
}

private func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Median wall and CPU time of `repeats` runs of `body` after one warm-up run.
func measure(repeats: Int = 5, _ body: () -> Void) -> Measurement {
    body()
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<repeats {
        let c0 = processCPUSeconds(), t0 = DispatchTime.now().uptimeNanoseconds
        body()
        walls.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        cpus.append(processCPUSeconds() - c0)
    }
    return Measurement(wall: walls.sorted()[repeats / 2], cpu: cpus.sorted()[repeats / 2])
}

/// Pads a figure to a fixed-width column.
func column(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
