import Augment
import Foundation
import TensorCore

/// A lead-major window as a plain array plus its shape, for tests.
struct TestWindow {
    var leads: Int
    var length: Int
    var x: [Float]

    init(leads: Int, length: Int, _ value: (Int, Int) -> Float) {
        self.leads = leads; self.length = length
        x = (0..<(leads * length)).map { value($0 / length, $0 % length) }
    }

    subscript(c: Int, i: Int) -> Float { x[c * length + i] }

    func lead(_ c: Int) -> ArraySlice<Float> { x[(c * length)..<((c + 1) * length)] }

    /// A random smooth-ish ECG stand-in: a few sinusoids per lead plus offsets.
    static func random(leads: Int = 12, length: Int = 250, seed: UInt64) -> TestWindow {
        var g = SeededGenerator(seed: seed)
        let params = (0..<leads).map { _ in (g.uniform(0.5, 2), g.uniform(0, 6.28), g.uniform(-0.2, 0.2)) }
        return TestWindow(leads: leads, length: length) { c, i in
            let (f, p, o) = params[c]
            return Float(o + 0.8 * sin(2 * Double.pi * f * Double(i) / 100 + p) + 0.1 * sin(Double(i) * 1.7 + Double(c)))
        }
    }
}

/// `window` after one application of `transform` drawn from `SeededGenerator(seed:)`.
func applied(_ transform: any Transform, to window: TestWindow, seed: UInt64) -> TestWindow {
    var g = SeededGenerator(seed: seed)
    return applied(transform, to: window, rng: &g)
}

/// `window` after one application of `transform` drawn from `rng`.
func applied(_ transform: any Transform, to window: TestWindow, rng: inout SeededGenerator) -> TestWindow {
    var out = window
    let scratch = AugmentScratch(length: window.length)
    out.x.withUnsafeMutableBufferPointer { p in
        transform.apply(to: WindowView(base: p.baseAddress!, leads: window.leads, length: window.length),
                        scratch: scratch, rng: &rng)
    }
    return out
}

/// `window` after `pipeline` drawn from `rng`.
func applied(_ pipeline: AugmentationPipeline, to window: TestWindow, rng: inout SeededGenerator) -> TestWindow {
    var out = window
    let scratch = AugmentScratch(length: window.length)
    out.x.withUnsafeMutableBufferPointer { p in
        pipeline.apply(to: WindowView(base: p.baseAddress!, leads: window.leads, length: window.length),
                       scratch: scratch, rng: &rng)
    }
    return out
}

/// Kolmogorov–Smirnov distance between a sample and the uniform distribution on [a, b].
func ksDistanceToUniform(_ sample: [Double], _ a: Double, _ b: Double) -> Double {
    let s = sample.sorted()
    let n = Double(s.count)
    var d = 0.0
    for (i, v) in s.enumerated() {
        let f = (v - a) / (b - a)
        d = max(d, abs(f - Double(i) / n), abs(f - Double(i + 1) / n))
    }
    return d
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

func standardDeviation(_ v: [Double]) -> Double {
    let m = mean(v)
    return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
}
