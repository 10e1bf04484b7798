import Foundation

/// Whether ops record themselves for backpropagation on the current thread.
public enum GradMode {
    private static let key = "TensorCore.GradMode.disabledDepth"
    private static let idLock = NSLock()
    nonisolated(unsafe) private static var lastID: UInt64 = 0

    /// `false` inside `withoutGrad` on this thread.
    public static var isEnabled: Bool {
        (Thread.current.threadDictionary[key] as? Int ?? 0) == 0
    }

    static func push() {
        let d = Thread.current.threadDictionary
        d[key] = (d[key] as? Int ?? 0) + 1
    }

    static func pop() {
        let d = Thread.current.threadDictionary
        d[key] = (d[key] as? Int ?? 1) - 1
    }

    static func nextNodeID() -> UInt64 {
        idLock.lock(); defer { idLock.unlock() }
        lastID += 1
        return lastID
    }
}

/// Evaluates `body` with recording off: no graph, no saved activations (evaluation path).
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    GradMode.push()
    defer { GradMode.pop() }
    return try body()
}

/// Records an op with any number of outputs; returns untracked outputs when no input needs a
/// gradient or grad mode is off (then `backward` and everything it captured is dropped at once).
func record(_ name: String, outputs: [Tensor], inputs: [Variable],
            backward: @escaping (_ gradOutputs: [Tensor], _ needsGrad: [Bool]) -> [Tensor?]) -> [Variable] {
    if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
        let node = GraphNode(name: name, inputs: inputs, outputShapes: outputs.map(\.shape), backward: backward)
        return outputs.enumerated().map { Variable(value: $0.element, creator: node, outputIndex: $0.offset) }
    }
    return outputs.map { Variable($0) }
}

/// Single-output form of `record`.
func record(_ name: String, _ output: Tensor, _ inputs: [Variable],
            backward: @escaping (_ gradOutput: Tensor, _ needsGrad: [Bool]) -> [Tensor?]) -> Variable {
    record(name, outputs: [output], inputs: inputs) { g, needs in backward(g[0], needs) }[0]
}
