/// Elementwise sum with NumPy broadcasting.
public func add(_ a: Variable, _ b: Variable) -> Variable {
    let (sa, sb) = (a.shape, b.shape)
    return record("add", a.value + b.value, [a, b]) { g, needs in
        [needs[0] ? TensorMath.sumToShape(g, sa) : nil, needs[1] ? TensorMath.sumToShape(g, sb) : nil]
    }
}

/// max(a + b, 0) for equal shapes (a residual block's join): bitwise `relu(a + b)`, values and
/// gradients, in one pass and without the sum as a temporary.
public func addReLU(_ a: Variable, _ b: Variable) -> Variable {
    require(a.shape == b.shape, "addReLU: shapes \(a.shape) and \(b.shape) differ")
    let y = TensorMath.zip(a.value, b.value, AddReluOp.self)
    return record("add+relu", y, [a, b]) { g, needs in
        let masked = TensorMath.zip(g, y, ReluGradOp.self)
        return [needs[0] ? masked : nil, needs[1] ? masked : nil]
    }
}

/// Elementwise difference with NumPy broadcasting.
public func sub(_ a: Variable, _ b: Variable) -> Variable {
    let (sa, sb) = (a.shape, b.shape)
    return record("sub", a.value - b.value, [a, b]) { g, needs in
        [needs[0] ? TensorMath.sumToShape(g, sa) : nil, needs[1] ? TensorMath.sumToShape(-g, sb) : nil]
    }
}

/// Elementwise product with NumPy broadcasting.
public func mul(_ a: Variable, _ b: Variable) -> Variable {
    let (av, bv) = (a.value, b.value)
    return record("mul", av * bv, [a, b]) { g, needs in
        [needs[0] ? TensorMath.sumToShape(g * bv, av.shape) : nil,
         needs[1] ? TensorMath.sumToShape(g * av, bv.shape) : nil]
    }
}

/// Elementwise quotient with NumPy broadcasting.
public func div(_ a: Variable, _ b: Variable) -> Variable {
    let (av, bv) = (a.value, b.value)
    let y = av / bv
    return record("div", y, [a, b]) { g, needs in
        [needs[0] ? TensorMath.sumToShape(g / bv, av.shape) : nil,
         needs[1] ? TensorMath.sumToShape(-(g * y / bv), bv.shape) : nil]
    }
}

/// x · s.
public func scale(_ x: Variable, _ s: Float) -> Variable {
    record("scale", x.value * s, [x]) { g, _ in [g * s] }
}

/// x + s.
public func shift(_ x: Variable, _ s: Float) -> Variable {
    record("shift", x.value + s, [x]) { g, _ in [g] }
}

extension Variable {
    /// Broadcasting sum.
    public static func + (a: Variable, b: Variable) -> Variable { add(a, b) }
    /// Broadcasting difference.
    public static func - (a: Variable, b: Variable) -> Variable { sub(a, b) }
    /// Broadcasting product.
    public static func * (a: Variable, b: Variable) -> Variable { mul(a, b) }
    /// Broadcasting quotient.
    public static func / (a: Variable, b: Variable) -> Variable { div(a, b) }
    /// Scaling by a constant.
    public static func * (a: Variable, s: Float) -> Variable { scale(a, s) }
    /// Scaling by a constant.
    public static func * (s: Float, a: Variable) -> Variable { scale(a, s) }
    /// Division by a constant.
    public static func / (a: Variable, s: Float) -> Variable { scale(a, 1 / s) }
    /// Adding a constant.
    public static func + (a: Variable, s: Float) -> Variable { shift(a, s) }
    /// Subtracting a constant.
    public static func - (a: Variable, s: Float) -> Variable { shift(a, -s) }
    /// Negation.
    public static prefix func - (a: Variable) -> Variable { scale(a, -1) }
}
