import Dispatch
import Foundation
import TensorCore

/// Batch augmentation on both cores. Item b of a batch draws from `base.fork(b)` (view v from
/// `base.fork(b).fork(v)`), where `base` is seeded from one draw of the caller's generator, so
/// results depend on the seed alone — never on thread count — and view v of an item is the same
/// whatever the number of views.
extension AugmentationPipeline {
    /// Augments every window of a [B, C, T] batch in place; advances `rng` by one draw.
    public func augment(batch: inout Tensor, rng: inout SeededGenerator) throws {
        guard batch.rank == 3 else {
            throw AugmentError.badShape(operation: "AugmentationPipeline.augment(batch:)", expected: "[B, C, T]", got: "\(batch.shape)")
        }
        let (b, c, t) = (batch.shape[0], batch.shape[1], batch.shape[2])
        try batch.scalars.withUnsafeMutableBufferPointer {
            try augment(batch: $0, count: b, leads: c, length: t, rng: &rng)
        }
    }

    /// Augments `count` contiguous [leads, length] windows of `batch` in place.
    public func augment(batch: UnsafeMutableBufferPointer<Float>, count: Int, leads: Int, length: Int,
                        rng: inout SeededGenerator) throws {
        let size = leads * length
        guard count >= 0, batch.count == count * size else {
            throw AugmentError.badShape(operation: "AugmentationPipeline.augment(batch:)", expected: "[\(count), \(leads), \(length)]",
                                        got: "\(batch.count) floats")
        }
        try validate(leads: leads, length: length)
        let base = SeededGenerator(seed: rng.next())
        guard count > 0, let data = batch.baseAddress else { return }
        parallelChunks(count) { range, scratch in
            for item in range {
                var g = base.fork(item)
                apply(to: WindowView(base: data + item * size, leads: leads, length: length), scratch: scratch, rng: &g)
            }
        }
    }

    /// `views` independent augmentations of every window of `source` [B, C, T], written to
    /// `output` [views, B, C, T] (view-major: each view is a contiguous batch). Every view starts
    /// from its own copy of the source window, so no view sees another's changes.
    public func makeViews(of source: Tensor, into output: inout Tensor, rng: inout SeededGenerator) throws {
        guard source.rank == 3, output.rank == 4, Array(output.shape.dropFirst()) == source.shape else {
            throw AugmentError.badShape(operation: "AugmentationPipeline.makeViews", expected: "source [B, C, T], output [V, B, C, T]",
                                        got: "source \(source.shape), output \(output.shape)")
        }
        let (b, c, t) = (source.shape[0], source.shape[1], source.shape[2])
        try source.scalars.withUnsafeBufferPointer { src in
            try output.scalars.withUnsafeMutableBufferPointer { out in
                try makeViews(of: src, count: b, leads: c, length: t, views: output.shape[0], into: out, rng: &rng)
            }
        }
    }

    /// Allocating form of `makeViews(of:into:rng:)`: returns [views, B, C, T].
    public func views(of source: Tensor, count views: Int, rng: inout SeededGenerator) throws -> Tensor {
        guard source.rank == 3, views >= 0 else {
            throw AugmentError.badShape(operation: "AugmentationPipeline.views", expected: "source [B, C, T] and views >= 0",
                                        got: "source \(source.shape), views \(views)")
        }
        var out = Tensor.zeros([views] + source.shape)
        try makeViews(of: source, into: &out, rng: &rng)
        return out
    }

    /// Buffer form: `source` holds `count` windows, `output` holds `views` × `count` windows.
    public func makeViews(of source: UnsafeBufferPointer<Float>, count: Int, leads: Int, length: Int, views: Int,
                          into output: UnsafeMutableBufferPointer<Float>, rng: inout SeededGenerator) throws {
        let size = leads * length
        guard count >= 0, views >= 0, source.count == count * size, output.count == views * count * size else {
            throw AugmentError.badShape(operation: "AugmentationPipeline.makeViews",
                                        expected: "source [\(count), \(leads), \(length)], output [\(views), \(count), \(leads), \(length)]",
                                        got: "source \(source.count) floats, output \(output.count) floats")
        }
        try validate(leads: leads, length: length)
        let base = SeededGenerator(seed: rng.next())
        guard count > 0, views > 0, let src = source.baseAddress, let out = output.baseAddress else { return }
        parallelChunks(count) { range, scratch in
            for item in range {
                let itemStream = base.fork(item)
                for v in 0..<views {
                    let window = out + (v * count + item) * size
                    window.update(from: src + item * size, count: size)
                    var g = itemStream.fork(v)
                    apply(to: WindowView(base: window, leads: leads, length: length), scratch: scratch, rng: &g)
                }
            }
        }
    }
}

/// Splits `0..<count` into one contiguous chunk per core and runs `body` on each concurrently,
/// each with its own scratch.
func parallelChunks(_ count: Int, _ body: (Range<Int>, AugmentScratch) -> Void) {
    let workers = max(1, min(count, Parallel.maxThreads))
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        let range = (count * w / workers)..<(count * (w + 1) / workers)
        body(range, AugmentScratch())
    }
}
