import XCTest
import TensorCore
import Models

final class RecurrentLayersTests: XCTestCase {
    /// PyTorch's init order, drawn by hand: per layer weight_ih, weight_hh, bias_ih, bias_hh, each
    /// U(±1/√H) element by element; a checkpoint's names follow the same order. A change of order,
    /// bound or shape fails here (and would change every CPC result at the same seed).
    func testInitDrawsPyTorchsOrderAndNames() {
        for (gates, make) in [(4, { (rng: inout SeededGenerator) -> any Layer in LSTM(inputSize: 3, hiddenSize: 5, layerCount: 2, rng: &rng) }),
                              (3, { (rng: inout SeededGenerator) -> any Layer in GRU(inputSize: 3, hiddenSize: 5, layerCount: 2, rng: &rng) })] {
            var rng = SeededGenerator(seed: 21)
            let named = make(&rng).namedVariables
            var hand = SeededGenerator(seed: 21)
            let bound = Float(1 / 5.0.squareRoot())
            var expected: [(String, [Int], [Float])] = []
            for l in 0..<2 {
                for (name, shape) in [("weight_ih_l\(l)", [gates * 5, l == 0 ? 3 : 5]), ("weight_hh_l\(l)", [gates * 5, 5]),
                                      ("bias_ih_l\(l)", [gates * 5]), ("bias_hh_l\(l)", [gates * 5])] {
                    expected.append((name, shape, (0..<shape.reduce(1, *)).map { _ in Float(hand.uniform(Double(-bound), Double(bound))) }))
                }
            }
            XCTAssertEqual(named.map(\.name), expected.map(\.0), "gates \(gates)")
            for (v, e) in zip(named, expected) {
                XCTAssertEqual(v.variable.shape, e.1, "\(e.0)")
                XCTAssertEqual(v.variable.value.scalars, e.2, "\(e.0)")
                XCTAssertTrue(v.variable.requiresGrad, "\(e.0)")
            }
        }
    }
}
