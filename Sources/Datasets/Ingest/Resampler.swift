import Foundation

/// Band-limited resampling (Kaiser-windowed sinc, polyphase), the method ingest uses to bring
/// every corpus to 100 Hz.
///
/// Output sample m sits at input time m·fs_in/fs_out (the first samples coincide); the output
/// length is ⌊n·fs_out/fs_in⌋ like the reference. When downsampling, the cut-off is the new
/// Nyquist frequency, so content above it is removed instead of aliasing (the reference's cubic
/// interpolation aliases it). Each phase's taps sum to one (DC passes exactly), and the signal is
/// extended by odd reflection at both ends, which keeps level and slope continuous at the edges.
public struct Resampler: Sendable {
    /// Input and output rates.
    public let inputRate: Double, outputRate: Double
    private let up: Int, down: Int
    private let halfWidth: Int
    /// taps[phase] for output positions whose input time has fractional part phase/up.
    private let taps: [[Float]]

    /// Zero crossings of the sinc on each side and the Kaiser β (≈ 80 dB stop band).
    static let zeroCrossings = 16.0, beta = 8.0

    /// A resampler from `inputRate` to `outputRate` (both rational with ≤ 3 decimals).
    public init(from inputRate: Double, to outputRate: Double) {
        self.inputRate = inputRate
        self.outputRate = outputRate
        let a = Int((inputRate * 1000).rounded()), b = Int((outputRate * 1000).rounded())
        let g = gcd(a, b)
        up = b / g
        down = a / g
        let cutoff = min(1, outputRate / inputRate)
        let hw = Int((Self.zeroCrossings / cutoff).rounded(.up))
        halfWidth = hw
        var taps: [[Float]] = []
        let i0 = besselI0(Self.beta)
        for phase in 0..<up {
            let frac = Double(phase) / Double(up)
            var h = [Double](repeating: 0, count: 2 * hw + 1)
            for j in 0...(2 * hw) {
                let t = Double(j - hw) - frac  // input sample offset relative to the output instant
                let x = cutoff * t
                let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
                let r = t / (Double(hw) + 1)
                let w = abs(r) >= 1 ? 0 : besselI0(Self.beta * (1 - r * r).squareRoot()) / i0
                h[j] = sinc * w
            }
            let sum = h.reduce(0, +)
            taps.append(h.map { Float($0 / sum) })
        }
        self.taps = taps
    }

    /// Output length for `n` input samples.
    public func outputCount(_ n: Int) -> Int { Int(Double(n) * outputRate / inputRate + 1e-9) }

    /// Resamples one lead.
    public func callAsFunction(_ x: [Float]) -> [Float] {
        if up == down { return x }
        let n = x.count
        guard n > 1 else { return Array(x.prefix(outputCount(n))) }
        let m = outputCount(n)
        let hw = halfWidth
        // Odd reflection: x[-k] = 2x[0] − x[k], x[n−1+k] = 2x[n−1] − x[n−1−k] (clamped for short inputs).
        var padded = [Float](repeating: 0, count: n + 2 * hw + 2)
        for k in 0..<padded.count {
            let i = k - hw
            if i < 0 { padded[k] = 2 * x[0] - x[min(n - 1, -i)] }
            else if i >= n { padded[k] = 2 * x[n - 1] - x[max(0, 2 * (n - 1) - i)] }
            else { padded[k] = x[i] }
        }
        var y = [Float](repeating: 0, count: m)
        padded.withUnsafeBufferPointer { p in
            for j in 0..<m {
                let pos = j * down  // input time × up
                let base = pos / up, phase = pos % up
                let h = taps[phase]
                var acc: Float = 0
                h.withUnsafeBufferPointer { hb in
                    for t in 0..<hb.count { acc += hb[t] * p[base + t] }
                }
                y[j] = acc
            }
        }
        return y
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(1, a) : gcd(b, a % b) }

/// Modified Bessel function of the first kind, order 0 (power series).
private func besselI0(_ x: Double) -> Double {
    var sum = 1.0, term = 1.0, k = 1.0
    while term > 1e-12 * sum {
        term *= (x / (2 * k)) * (x / (2 * k))
        sum += term
        k += 1
    }
    return sum
}
