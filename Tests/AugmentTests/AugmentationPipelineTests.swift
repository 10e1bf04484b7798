import XCTest
import Augment
import TensorCore

final class AugmentationPipelineTests: XCTestCase {
    let everything = TransformKind.allCases.map(\.rawValue)

    func batch(_ b: Int, seed: UInt64) -> Tensor {
        Tensor(shape: [b, 12, 250], scalars: (0..<b).flatMap { TestWindow.random(seed: seed + UInt64($0)).x })
    }

    func testSameSeedIdenticalDifferentSeedsDiffer() throws {
        let pipeline = try AugmentationPipeline(names: everything)
        let source = batch(5, seed: 10)
        func run(_ seed: UInt64) throws -> Tensor {
            var x = source
            var g = SeededGenerator(seed: seed)
            try pipeline.augment(batch: &x, rng: &g)
            return x
        }
        XCTAssertEqual(try run(1), try run(1))
        XCTAssertNotEqual(try run(1), try run(2))
        // Per transform too.
        for name in everything where !["GaussianBlur", "Negation", "Normalize"].contains(name) {
            let t = try makeTransform(name)
            let w = TestWindow.random(seed: 3)
            XCTAssertEqual(applied(t, to: w, seed: 5).x, applied(t, to: w, seed: 5).x, name)
            XCTAssertNotEqual(applied(t, to: w, seed: 5).x, applied(t, to: w, seed: 6).x, name)
        }
    }

    /// The batch result equals a serial loop over items with the documented streams, so it
    /// cannot depend on how items are spread over threads.
    func testBatchEqualsSerialPerItemStreams() throws {
        let pipeline = try AugmentationPipeline.parse("RRC, TO, GN, BlW")
        let source = batch(7, seed: 20)
        var x = source
        var g = SeededGenerator(seed: 42)
        try pipeline.augment(batch: &x, rng: &g)
        var parent = SeededGenerator(seed: 42)
        let base = SeededGenerator(seed: parent.next())
        XCTAssertEqual(g, parent, "the caller's generator advances by exactly one draw")
        for b in 0..<7 {
            var item = base.fork(b)
            let w = TestWindow(leads: 12, length: 250) { c, i in source.scalars[(b * 12 + c) * 250 + i] }
            let expected = applied(pipeline, to: w, rng: &item)
            XCTAssertEqual(Array(x.scalars[(b * 3000)..<((b + 1) * 3000)]), expected.x, "item \(b)")
        }
        // Successive batches from one generator differ.
        var y = source
        try pipeline.augment(batch: &y, rng: &g)
        XCTAssertNotEqual(x, y)
    }

    func testViewsAreIndependentCopiesOfTheSameWindow() throws {
        // DTW and BlW are the transforms whose in-place edits leaked between the reference's views.
        let pipeline = try AugmentationPipeline.parse("DTW,BlW,RRC,TO")
        let source = batch(3, seed: 30)
        var g = SeededGenerator(seed: 8)
        let views = try pipeline.views(of: source, count: 3, rng: &g)
        XCTAssertEqual(views.shape, [3, 3, 12, 250])
        XCTAssertEqual(source, batch(3, seed: 30), "source untouched")
        var parent = SeededGenerator(seed: 8)
        let base = SeededGenerator(seed: parent.next())
        for b in 0..<3 {
            let w = TestWindow(leads: 12, length: 250) { c, i in source.scalars[(b * 12 + c) * 250 + i] }
            var outputs: [[Float]] = []
            for v in 0..<3 {
                var stream = base.fork(b).fork(v)
                let expected = applied(pipeline, to: w, rng: &stream)
                let start = (v * 3 + b) * 3000
                let got = Array(views.scalars[start..<(start + 3000)])
                XCTAssertEqual(got, expected.x, "item \(b) view \(v) equals its own augmentation of a fresh copy")
                outputs.append(got)
            }
            XCTAssertNotEqual(outputs[0], outputs[1]); XCTAssertNotEqual(outputs[1], outputs[2])
        }
        // View v does not depend on how many views are made.
        var g2 = SeededGenerator(seed: 8)
        let two = try pipeline.views(of: source, count: 2, rng: &g2)
        XCTAssertEqual(two.scalars, Array(views.scalars[0..<two.count]))
    }

    func testScratchGrowsToTheWindow() throws {
        let w = TestWindow.random(seed: 4)
        for kind in TransformKind.allCases {
            let t = try kind.make()
            var out = w
            var g = SeededGenerator(seed: 9)
            let small = AugmentScratch()
            out.x.withUnsafeMutableBufferPointer { p in
                t.apply(to: WindowView(base: p.baseAddress!, leads: 12, length: 250), scratch: small, rng: &g)
            }
            XCTAssertGreaterThanOrEqual(small.capacity, kind == .randomResizedCrop ? 250 : 1)
            XCTAssertEqual(out.x, applied(t, to: w, seed: 9).x, kind.rawValue)
        }
    }

    func testRejectsBadShapes() throws {
        let pipeline = try AugmentationPipeline.parse("RRC")
        var g = SeededGenerator(seed: 0)
        var flat = Tensor.zeros([12, 250])
        XCTAssertThrowsError(try pipeline.augment(batch: &flat, rng: &g)) { e in
            XCTAssertTrue("\(e)".contains("[B, C, T]"), "\(e)")
        }
        var out = Tensor.zeros([2, 3, 12, 200])
        XCTAssertThrowsError(try pipeline.makeViews(of: Tensor.zeros([3, 12, 250]), into: &out, rng: &g))
        var short = Tensor.zeros([1, 12, 40])
        XCTAssertThrowsError(try AugmentationPipeline.parse("DTW").augment(batch: &short, rng: &g)) { e in
            XCTAssertTrue("\(e)".contains("DynamicTimeWarp"), "\(e)")
        }
    }

    func testNoiseLevels() throws {
        XCTAssertEqual(NoiseLevel.all.map(\.level), [1, 2, 3, 4, 5, 6])
        let l5 = try NoiseLevel(5)
        XCTAssertEqual([l5.baselineWander, l5.electromyographic, l5.powerline, l5.baselineShift], [0.2, 1.5, 0.4, 2.5])
        let p = l5.pipeline
        XCTAssertEqual(p.transforms.map(\.kind), [.baselineWander, .powerlineNoise, .emNoise, .baselineShift])
        XCTAssertEqual(p.transforms.map { $0.parameters.values["cmax"] }, [.number(0.2), .number(0.4), .number(1.5), .number(2.5)])
        // Level 2 is the pretraining default strength.
        let defaults = try AugmentationPipeline.parse("BlW,PlN,EM,BlS").transforms.map(\.parameters)
        XCTAssertEqual(try NoiseLevel(2).pipeline.transforms.map(\.parameters), defaults)
        XCTAssertThrowsError(try NoiseLevel(7)) { e in XCTAssertTrue("\(e)".contains("1, 2, 3, 4, 5, 6")) }
        XCTAssertThrowsError(try NoiseLevel(0))
    }
}
