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

/// Prints `<label> batch <B>: <ms> ms <windows/s> windows/s (cpu <ms> ms)`, the line the scripts parse.
func printFigure(_ label: String, batch: Int, _ m: Measurement) {
    print("\(label) batch \(batch): " + String(format: "%8.1f ms %8.1f windows/s  (cpu %8.1f ms)",
                                                 m.wall * 1e3, Double(batch) / m.wall, m.cpu * 1e3))
}

/// What `bench <name> <selector>...` times: the selected ones, or every default one when none is
/// named; `namedOnly` ones (too slow for the default) run only when named.
func chosen(_ defaults: Set<String>, namedOnly: Set<String> = [], by selectors: [String]) -> Set<String> {
    let named = defaults.union(namedOnly).intersection(selectors)
    return named.isEmpty ? defaults : named
}
