import TensorCore

/// A point estimate with a percentile bootstrap confidence interval.
public struct Estimate: Codable, Equatable, Sendable {
    /// The metric on the full set.
    public var value: Double
    /// Lower bound of the interval.
    public var lower: Double
    /// Upper bound of the interval.
    public var upper: Double

    /// An estimate from its value and interval bounds.
    public init(value: Double, lower: Double, upper: Double) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }

    /// A value without an interval (no resamples asked for).
    public static func exact(_ value: Double) -> Estimate { Estimate(value: value, lower: value, upper: value) }
}

/// Percentile bootstrap over records (resampled with replacement).
public enum Bootstrap {
    /// The `level` (e.g. 0.95) percentile interval of `metric` over `replicates` resamples of
    /// `count` records; each replicate sees the indices of its resample.
    public static func interval(count: Int, replicates: Int, level: Double = 0.95,
                                seed: UInt64, metric: ([Int]) -> Double) -> Estimate {
        require(count > 0 && replicates > 0, "Bootstrap.interval: needs records and replicates")
        require(level > 0 && level < 1, "Bootstrap.interval: level must lie in (0, 1), got \(level)")
        var rng = SeededGenerator(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(replicates)
        var sample = [Int](repeating: 0, count: count)
        for _ in 0..<replicates {
            for i in 0..<count { sample[i] = rng.int(below: count) }
            values.append(metric(sample))
        }
        values.sort()
        let alpha = (1 - level) / 2
        return Estimate(value: metric(Array(0..<count)),
                        lower: quantile(values, alpha), upper: quantile(values, 1 - alpha))
    }

    /// Linear-interpolated quantile of sorted values (numpy's default method).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The difference macro AUC(a) − macro AUC(b) of two models scored on the same records, with
    /// a paired interval: each replicate resamples the records once for both. With the same seed
    /// the resamples are those of `macroAUC`, so the rows of one report share them.
    public static func macroAUCDifference(_ a: [[Double]], _ b: [[Double]], labels: [[Bool]], replicates: Int = 1000,
                                          seed: UInt64) -> Estimate {
        require(a.count == b.count && a.count == labels.count, "Bootstrap.macroAUCDifference: both models score the same records")
        return interval(count: a.count, replicates: replicates, seed: seed) { idx in
            let l = idx.map { labels[$0] }
            return ROCAUC.macro(scores: idx.map { a[$0] }, labels: l) - ROCAUC.macro(scores: idx.map { b[$0] }, labels: l)
        }
    }

    /// Macro ROC-AUC with its bootstrap interval over records.
    public static func macroAUC(scores: [[Double]], labels: [[Bool]], replicates: Int = 1000,
                                seed: UInt64) -> Estimate {
        interval(count: scores.count, replicates: replicates, seed: seed) { idx in
            ROCAUC.macro(scores: idx.map { scores[$0] }, labels: idx.map { labels[$0] })
        }
    }
}
