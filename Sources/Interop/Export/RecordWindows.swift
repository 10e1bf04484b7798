import TensorCore

/// Fixed windows over a record, as used for evaluation (docs/method.md §2.1: 250 samples, stride 125;
/// windows that would run past the end are dropped).
public struct RecordWindows: Equatable {
    /// Window length in samples.
    public let length: Int
    /// Distance between window starts.
    public let stride: Int

    /// Windows of `length` every `stride` samples.
    public init(length: Int = 250, stride: Int = 125) throws {
        guard length > 0, stride > 0 else {
            throw InteropError("windows: length \(length) and stride \(stride) must both be positive")
        }
        self.length = length
        self.stride = stride
    }

    /// Start sample of every window of a record with `samples` samples.
    public func starts(samples: Int) -> [Int] {
        guard samples >= length else { return [] }
        return Array(Swift.stride(from: 0, through: samples - length, by: stride))
    }

    /// The windows of a lead-major record [leads, T] as a batch [windows, leads, length].
    public func batch(_ record: Tensor) throws -> Tensor {
        guard record.rank == 2 else { throw InteropError("windows: a record must be [leads, samples], got \(record.shape)") }
        let (leads, samples) = (record.shape[0], record.shape[1])
        let starts = starts(samples: samples)
        guard !starts.isEmpty else {
            throw InteropError("windows: the record has \(samples) samples, shorter than one \(length)-sample window")
        }
        var out = [Float](repeating: 0, count: starts.count * leads * length)
        record.scalars.withUnsafeBufferPointer { src in
            for (w, start) in starts.enumerated() {
                for lead in 0..<leads {
                    let from = lead * samples + start, to = (w * leads + lead) * length
                    for t in 0..<length { out[to + t] = src[from + t] }
                }
            }
        }
        return Tensor(shape: [starts.count, leads, length], scalars: out)
    }
}

/// Mean over the first axis of a [rows, features] tensor (a record's windows → one vector).
public func meanOverRows(_ t: Tensor) -> [Float] {
    precondition(t.rank == 2 && t.shape[0] > 0, "meanOverRows: need a non-empty [rows, features] tensor, got \(t.shape)")
    let (rows, features) = (t.shape[0], t.shape[1])
    var mean = [Float](repeating: 0, count: features)
    for r in 0..<rows { for f in 0..<features { mean[f] += t.scalars[r * features + f] } }
    return mean.map { $0 / Float(rows) }
}
