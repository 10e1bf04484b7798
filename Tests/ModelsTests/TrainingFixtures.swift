import Foundation
import TensorCore
import TestSupport
@testable import Models

/// Small fixed batches and models for the training tests (tiny shapes keep the debug suite fast).
enum TrainingFixtures {
    static let batch = 8, leads = 12, length = 64

    /// A fixed batch of smooth random 12-lead windows.
    static func windows(seed: UInt64, batch: Int = batch, length: Int = length) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var x = Tensor.zeros([batch, leads, length])
        for b in 0..<batch {
            for c in 0..<leads {
                let f = rng.uniform(0.02, 0.2), phase = rng.uniform(0, 6.28), amp = rng.uniform(0.5, 1.5)
                for t in 0..<length {
                    x.scalars[(b * leads + c) * length + t] = Float(amp * sin(f * Double(t) * 6.28 + phase) + 0.1 * rng.normal())
                }
            }
        }
        return x
    }

    /// `count` views of `x`, each with its own fixed noise and per-lead gain (a stand-in for augmentation).
    static func views(of x: Tensor, count: Int, seed: UInt64) -> [Tensor] {
        (0..<count).map { v in
            var rng = SeededGenerator(seed: seed &+ UInt64(v))
            let gains = (0..<(x.shape[0] * leads)).map { _ in Float(rng.uniform(0.7, 1.3)) }
            var out = x
            for i in out.scalars.indices {
                out.scalars[i] = out.scalars[i] * gains[i / x.shape[2]] + Float(0.05 * rng.normal())
            }
            return out
        }
    }

    static func encoder(seed: UInt64) -> XResNet1d {
        var rng = SeededGenerator(seed: seed)
        return XResNet1d(depth: .d18, rng: &rng)
    }

    static let adam = OptimizerSettings(kind: .adam, learningRate: 1e-3, weightDecay: 1e-6)
}
