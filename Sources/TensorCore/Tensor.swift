/// A contiguous, row-major float32 array with a shape; a plain value (copy-on-write storage).
public struct Tensor: Equatable, Sendable {
    /// Extent of each dimension, outermost first.
    public var shape: [Int]
    /// Row-major elements; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// A tensor from its shape and elements.
    public init(shape: [Int], scalars: [Float]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        require(shape.reduce(1, *) == scalars.count,
                     "Tensor: shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// Number of elements.
    public var count: Int { scalars.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }
}

extension Array where Element == Float {
    /// `count` floats of unwritten storage, for buffers whose every element is written before it is read.
    init(uninitializedCount count: Int) {
        self.init(unsafeUninitializedCapacity: count) { _, n in n = count }
    }
}

extension Tensor {
    /// A tensor whose elements are written by `fill` into uninitialized storage of `shape`'s size.
    @inlinable
    public init(shape: [Int], fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = shape.reduce(1, *)
        let s = [Float](unsafeUninitializedCapacity: n) { buf, count in
            fill(buf)
            count = n
        }
        self.init(shape: shape, scalars: s)
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The single element of a one-element tensor.
    public var scalar: Float {
        require(count == 1, "Tensor.scalar: shape \(shape) has \(count) elements, expected 1")
        return scalars[0]
    }

    /// Row-major strides (in elements) of `shape`.
    public static func strides(of shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
        return s
    }

    /// The same elements under another shape of equal size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        require(newShape.reduce(1, *) == count,
                     "reshape: cannot view shape \(shape) (\(count) elements) as \(newShape)")
        return Tensor(shape: newShape, scalars: scalars)
    }
}
