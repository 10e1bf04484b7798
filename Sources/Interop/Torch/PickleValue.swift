import Foundation
import TensorCore

/// A value decoded from a PyTorch pickle: plain Python data and tensors, nothing executable.
public indirect enum PickleValue: Equatable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes(Data)
    /// A Python list (or set).
    case list([PickleValue])
    case tuple([PickleValue])
    /// A dict, OrderedDict or attribute namespace, in insertion order.
    case dict([Item])
    /// A tensor materialised as contiguous float32, with the dtype it was stored in.
    case tensor(TorchTensor)

    /// One key/value pair of a dict.
    public struct Item: Equatable, Sendable {
        public let key: PickleValue
        public let value: PickleValue
    }

    /// The value stored under string key `key` when this is a dict.
    public subscript(key: String) -> PickleValue? {
        guard case .dict(let items) = self else { return nil }
        return items.last { $0.key == .string(key) }?.value
    }
}

/// A tensor read from a checkpoint: float32 values plus the dtype of its storage.
public struct TorchTensor: Equatable, Sendable {
    /// Storage dtype in the checkpoint (float16 values are converted exactly).
    public let dtype: TorchDType
    /// The values, contiguous.
    public let tensor: Tensor
}
