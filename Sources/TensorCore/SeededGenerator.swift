/// The project's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Every stage derives its generator from the spec's seed; parallel work derives one stream per
/// item with `fork(_:)`, so results depend on the seed alone, never on thread count or timing.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    /// The four words of xoshiro256** state; together with `spareNormal` the whole state.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)
    /// Box–Muller yields normals in pairs; the second is kept here.
    public private(set) var spareNormal: Double?

    /// A generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        state = (Self.splitMix(&sm), Self.splitMix(&sm), Self.splitMix(&sm), Self.splitMix(&sm))
        spareNormal = nil
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// Next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotl(state.3, 45)
        return result
    }

    /// An independent generator for item `index` of a parallel loop; does not advance `self`.
    public func fork(_ index: Int) -> SeededGenerator {
        var mix = state.0 ^ Self.rotl(state.2, 17) ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        return SeededGenerator(seed: Self.splitMix(&mix))
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    @inline(__always)
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Standard normal (Box–Muller, polar-free form; the spare value is cached).
    public mutating func normal() -> Double {
        if let s = spareNormal { spareNormal = nil; return s }
        var u1 = uniform()
        while u1 <= .leastNormalMagnitude { u1 = uniform() }
        let u2 = uniform()
        let r = (-2 * _log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = r * _sin(theta)
        return r * _cos(theta)
    }

    /// Normal with the given mean and standard deviation.
    public mutating func normal(mean: Double, std: Double) -> Double {
        mean + std * normal()
    }

    /// Integer uniform in the closed range `low...high` (inclusive on both ends, like numpy's randint+1).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// Integer uniform in `0..<n`.
    public mutating func int(below n: Int) -> Int {
        require(n > 0, "SeededGenerator.int(below:) needs n > 0, got \(n)")
        return Int.random(in: 0..<n, using: &self)
    }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        p.shuffle(using: &self)
        return p
    }

    // Codable / Equatable by hand: tuples are neither.
    private enum CodingKeys: String, CodingKey { case state, spareNormal }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let s = try c.decode([UInt64].self, forKey: .state)
        guard s.count == 4 else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: c,
                                                   debugDescription: "expected 4 state words, got \(s.count)")
        }
        state = (s[0], s[1], s[2], s[3])
        spareNormal = try c.decodeIfPresent(Double.self, forKey: .spareNormal)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([state.0, state.1, state.2, state.3], forKey: .state)
        try c.encodeIfPresent(spareNormal, forKey: .spareNormal)
    }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool {
        a.state == b.state && a.spareNormal == b.spareNormal
    }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

import Foundation
