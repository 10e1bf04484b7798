import Foundation
import TensorCore

/// Finite-difference gradient checking for autograd ops.
///
/// The op's output y is reduced to the scalar L = Σ y ⊙ R with a fixed random R (a random linear
/// functional, so every output element's gradient path is exercised). The analytic gradient of
/// L comes from `backward(seed: R)`; the numerical one from central differences with step `eps`
/// on the Float inputs, with L accumulated in Double. The reported error is
/// max|analytic − numeric| / max(max|numeric|, 1e-3), per input; Float32 rounding and O(eps²)
/// truncation keep it near 1e-4 for smooth ops, so tests use a tolerance of 1e-2.
public enum GradCheck {
    /// Per-input relative errors (`nil` for inputs that do not require a gradient).
    public struct Result: CustomStringConvertible {
        /// Error of each input's gradient, in input order.
        public let errors: [Double?]
        /// The worst error over all checked inputs.
        public var maxError: Double { errors.compactMap { $0 }.max() ?? 0 }
        /// Human-readable list of the errors.
        public var description: String {
            "GradCheck errors: " + errors.map { $0.map { String(format: "%.2e", $0) } ?? "-" }.joined(separator: ", ")
        }
    }

    /// Compares analytic and numerical gradients of `f` at `inputs`.
    public static func check(_ inputs: [Variable], eps: Float = 1e-2, seed: UInt64 = 12345,
                             _ f: ([Variable]) -> Variable) -> Result {
        for v in inputs { v.grad = nil }
        let y = f(inputs)
        var rng = SeededGenerator(seed: seed)
        let r = Tensor(shape: y.shape, scalars: (0..<y.value.count).map { _ in Float(rng.normal()) })
        y.backward(seed: r)
        let analytic = inputs.map { v in v.requiresGrad ? (v.grad ?? Tensor.zeros(v.shape)) : nil }

        func loss() -> Double {
            let out = withoutGrad { f(inputs) }.value
            var s = 0.0
            for i in 0..<out.count { s += Double(out.scalars[i]) * Double(r.scalars[i]) }
            return s
        }
        var errors: [Double?] = []
        for (k, v) in inputs.enumerated() {
            guard let a = analytic[k] else { errors.append(nil); continue }
            var worst = 0.0, scale = 1e-3
            for i in 0..<v.value.count {
                let x0 = v.value.scalars[i]
                v.value.scalars[i] = x0 + eps
                let lp = loss()
                v.value.scalars[i] = x0 - eps
                let lm = loss()
                v.value.scalars[i] = x0
                let num = (lp - lm) / (2 * Double(eps))
                worst = max(worst, abs(num - Double(a.scalars[i])))
                scale = max(scale, abs(num))
            }
            errors.append(worst / scale)
        }
        return Result(errors: errors)
    }

    /// A seeded random tensor with standard-normal elements times `scale`.
    public static func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(g.normal()) * scale })
    }

    /// A parameter-like variable (requires grad) with seeded normal values.
    public static func param(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Variable {
        Variable(randomTensor(shape, seed: seed, scale: scale), requiresGrad: true)
    }

    /// Seeded recurrent layers of `gates`·hidden rows (weights × 0.5, biases × 0.3), layer l's
    /// tensors seeded from seed + 10·l.
    public static func recurrentLayers(gates: Int, input: Int, hidden: Int, layers: Int, seed: UInt64) -> [RecurrentLayerParameters] {
        (0..<layers).map { l in
            let s = seed + UInt64(10 * l)
            return RecurrentLayerParameters(
                weightIH: param([gates * hidden, l == 0 ? input : hidden], seed: s, scale: 0.5),
                weightHH: param([gates * hidden, hidden], seed: s + 1, scale: 0.5),
                biasIH: param([gates * hidden], seed: s + 2, scale: 0.3),
                biasHH: param([gates * hidden], seed: s + 3, scale: 0.3))
        }
    }

    /// `count` layers from a check's variables v[1...], four per layer (weight_ih, weight_hh,
    /// bias_ih, bias_hh), v[0] being the input.
    public static func recurrentLayers(_ v: [Variable], count: Int) -> [RecurrentLayerParameters] {
        (0..<count).map {
            RecurrentLayerParameters(weightIH: v[1 + 4 * $0], weightHH: v[2 + 4 * $0], biasIH: v[3 + 4 * $0], biasHH: v[4 + 4 * $0])
        }
    }
}
