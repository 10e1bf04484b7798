import FileSupport
import TensorCore

/// An n-dimensional numpy array of one of the dtypes this project exchanges, in C order.
public struct NpyArray: Equatable, Sendable {
    /// The typed elements, row-major.
    public enum Elements: Equatable, Sendable {
        /// `<f4`
        case float32([Float])
        /// `<f8`
        case float64([Double])
        /// `<i8`
        case int64([Int64])
        /// `<i4`
        case int32([Int32])
        /// `|b1`
        case bool([Bool])
        /// `<U{n}`: fixed-width UTF-32 strings, `n` the longest string's length in code points.
        case unicode([String])

        /// Number of elements.
        public var count: Int {
            switch self {
            case .float32(let v): v.count
            case .float64(let v): v.count
            case .int64(let v): v.count
            case .int32(let v): v.count
            case .bool(let v): v.count
            case .unicode(let v): v.count
            }
        }
    }

    /// Extent of each dimension (empty for a scalar).
    public let shape: [Int]
    /// The elements; `elements.count == shape.reduce(1, *)`.
    public let elements: Elements

    /// An array of `elements` with `shape`; fails if the counts disagree.
    public init(shape: [Int], elements: Elements) throws {
        // Overflow-checked: a shape from a file must fail here, not trap.
        guard shape.allSatisfy({ $0 >= 0 }), let needed = checkedProduct(shape), needed == elements.count else {
            throw InteropError("npy: shape \(shape) needs \(checkedProduct(shape).map(String.init) ?? "too many") elements, got \(elements.count)")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A float32 array holding a tensor's shape and values.
    public init(_ tensor: Tensor) {
        shape = tensor.shape
        elements = .float32(tensor.scalars)
    }

    /// The array as a float32 tensor (numeric dtypes only).
    public func tensor() throws -> Tensor {
        let values: [Float]
        switch elements {
        case .float32(let v): values = v
        case .float64(let v): values = v.map(Float.init)
        case .int64(let v): values = v.map(Float.init)
        case .int32(let v): values = v.map(Float.init)
        case .bool(let v): values = v.map { $0 ? 1 : 0 }
        case .unicode: throw InteropError("npy: a string array cannot become a tensor")
        }
        return Tensor(shape: shape, scalars: values)
    }
}
