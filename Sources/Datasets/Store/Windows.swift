import Foundation
import TensorCore

/// A window of `length` samples starting at `start` in store record `record`.
public struct WindowRef: Hashable, Sendable {
    public var record: Int
    public var start: Int
    public init(record: Int, start: Int) { self.record = record; self.start = start }
}

/// A batch of windows in the layout models consume: signals [B, 12, L] (lead-major per window).
public struct WindowBatch: Sendable {
    /// [B, 12, L] float32.
    public var signals: Tensor
    /// Store record index of each window.
    public var records: [Int]
    /// Start sample of each window.
    public var starts: [Int]
}

/// Per-lead normalization x ← (x − mean) / std (docs/method.md §1.4).
public struct LeadNormalization: Sendable, Equatable {
    public var mean: [Float]
    public var std: [Float]
    public init(mean: [Float], std: [Float]) { self.mean = mean; self.std = std }

    /// The reference's hard-coded PTB-XL statistics, in store lead order.
    public static let ptbxl = LeadNormalization(
        mean: [-0.00184586, -0.00130277, 0.00017031, -0.00091313, -0.00148835, -0.00174687, -0.00077071, -0.00207407,
               0.00054329, 0.00155546, -0.00114379, -0.00035649],
        std: [0.16401004, 0.1647168, 0.23374124, 0.33767231, 0.33362807, 0.30583013, 0.2731171, 0.27554379,
              0.17128962, 0.14030828, 0.14606956, 0.14656108])
}

extension Store {
    /// Training windows for one epoch: one window of `length` per record, start uniform in
    /// [0, len − length], records shorter than `length` dropped, in shuffled order.
    public func randomWindows(records: [Int], length: Int, rng: inout SeededGenerator) -> [WindowRef] {
        let usable = records.filter { index.records[$0].length >= length }
        let order = rng.permutation(usable.count)
        return order.map { k in
            let r = usable[k]
            return WindowRef(record: r, start: rng.int(0...(index.records[r].length - length)))
        }
    }

    /// Evaluation windows: starts 0, stride, 2·stride, … while the window fits (1000 samples,
    /// 250/125 → 7 windows), records in the given order.
    public func stridedWindows(records: [Int], length: Int, stride: Int) -> [WindowRef] {
        require(length > 0 && stride > 0, "stridedWindows: length \(length) and stride \(stride) must be positive")
        var out: [WindowRef] = []
        for r in records {
            var s = 0
            while s + length <= index.records[r].length { out.append(WindowRef(record: r, start: s)); s += stride }
        }
        return out
    }

    /// Gathers `windows` into a [B, 12, length] batch, optionally normalized per lead.
    public func batch<C: Collection>(_ windows: C, length: Int, normalization: LeadNormalization? = nil) -> WindowBatch
    where C.Element == WindowRef {
        let b = windows.count, leads = Leads.count
        var out = [Float](repeating: 0, count: b * leads * length)
        out.withUnsafeMutableBufferPointer { o in
            for (k, w) in windows.enumerated() {
                let src = signal(w.record)
                require(w.start >= 0 && w.start + length <= src.count / leads,
                             "window \(w.start)..<\(w.start + length) outside record \(w.record) of length \(src.count / leads)")
                let dst = o.baseAddress! + k * leads * length
                // Time-major store → lead-major window: a small transpose per window.
                for t in 0..<length {
                    let row = src.baseAddress! + (w.start + t) * leads
                    for c in 0..<leads { dst[c * length + t] = row[c] }
                }
                if let n = normalization {
                    for c in 0..<leads {
                        let m = n.mean[c], inv = 1 / n.std[c]
                        for t in 0..<length { dst[c * length + t] = (dst[c * length + t] - m) * inv }
                    }
                }
            }
        }
        return WindowBatch(signals: Tensor(shape: [b, leads, length], scalars: out),
                           records: windows.map(\.record), starts: windows.map(\.start))
    }

    /// Batches of `size` consecutive windows, gathered lazily as the sequence is iterated (the
    /// last batch is shorter unless `dropLast`).
    public func batches(_ windows: [WindowRef], size: Int, length: Int, dropLast: Bool = false,
                        normalization: LeadNormalization? = nil) -> WindowBatches {
        require(size > 0, "batch size must be positive")
        return WindowBatches(store: self, windows: windows, size: size, length: length, dropLast: dropLast,
                             normalization: normalization)
    }
}

/// A lazy sequence of window batches over a store.
public struct WindowBatches: Sequence, Sendable {
    let store: Store
    let windows: [WindowRef]
    let size: Int, length: Int, dropLast: Bool
    let normalization: LeadNormalization?

    /// Number of batches the sequence yields.
    public var count: Int { dropLast ? windows.count / size : (windows.count + size - 1) / size }

    public func makeIterator() -> AnyIterator<WindowBatch> {
        var i = 0
        return AnyIterator {
            guard i < windows.count else { return nil }
            let j = Swift.min(windows.count, i + size)
            if dropLast && j - i < size { return nil }
            defer { i = j }
            return store.batch(windows[i..<j], length: length, normalization: normalization)
        }
    }
}
