import Foundation

/// max(x, 0).
public func relu(_ x: Variable) -> Variable {
    let y = TensorMath.relu(x.value)
    return record("relu", y, [x]) { g, _ in [TensorMath.zip(g, y, ReluGradOp.self)] }
}

/// 1 / (1 + e^-x).
public func sigmoid(_ x: Variable) -> Variable {
    let y = TensorMath.mapVector(x.value, VectorMath.sigmoid)
    return record("sigmoid", y, [x]) { g, _ in
        [TensorMath.zip(g, y, "sigmoid backward") { $0 * $1 * (1 - $1) }]
    }
}

/// Hyperbolic tangent.
public func tanh(_ x: Variable) -> Variable {
    let y = TensorMath.mapVector(x.value, VectorMath.tanh)
    return record("tanh", y, [x]) { g, _ in
        [TensorMath.zip(g, y, "tanh backward") { $0 * (1 - $1 * $1) }]
    }
}

/// e^x.
public func exp(_ x: Variable) -> Variable {
    let y = TensorMath.map(x.value) { Foundation.exp($0) }
    return record("exp", y, [x]) { g, _ in [TensorMath.zip(g, y, "exp backward") { $0 * $1 }] }
}

/// Natural logarithm (of positive inputs).
public func log(_ x: Variable) -> Variable {
    let xv = x.value
    let y = TensorMath.map(xv) { Foundation.log($0) }
    return record("log", y, [x]) { g, _ in [TensorMath.zip(g, xv, "log backward") { $0 / $1 }] }
}

/// x clamped to [min, max]; the gradient passes where x is inside the interval.
public func clamp(_ x: Variable, min lo: Float = -.infinity, max hi: Float = .infinity) -> Variable {
    let xv = x.value
    let y = TensorMath.map(xv) { Swift.min(Swift.max($0, lo), hi) }
    return record("clamp", y, [x]) { g, _ in
        [TensorMath.zip(g, xv, "clamp backward") { ($1 >= lo && $1 <= hi) ? $0 : 0 }]
    }
}

/// Elementwise square root.
public func sqrt(_ x: Variable) -> Variable {
    let y = TensorMath.map(x.value) { $0.squareRoot() }
    return record("sqrt", y, [x]) { g, _ in [TensorMath.zip(g, y, "sqrt backward") { $0 / (2 * $1) }] }
}
