import TensorCore

/// A torchinfo-style table of a model: every layer call with its output shape and parameters,
/// obtained by tracing a real forward pass on one zero window.
public struct ModelSummary {
    /// One traced layer call.
    public struct Row: Equatable {
        /// Dotted path of the layer inside the model ("" for the model itself).
        public var name: String
        /// The layer's type.
        public var type: String
        /// Nesting depth (0 = the model).
        public var depth: Int
        /// Output shape for a batch of one.
        public var outputShape: [Int]
        /// Trainable parameters of the layer itself (leaves) or of all it contains (containers).
        public var parameters: Int
        /// Whether other rows are nested in this one.
        public var isContainer: Bool
    }

    /// Rows in call order.
    public let rows: [Row]
    /// Trainable parameters of the whole model.
    public let totalParameters: Int
    /// Non-trainable scalars (BatchNorm running statistics and counters).
    public let bufferScalars: Int
    /// The traced input shape.
    public let inputShape: [Int]

    /// Traces `model` in evaluation mode on zeros of `[1, leads, inputSize]`.
    public init<L: Layer>(_ model: L, leads: Int, inputSize: Int) {
        var ctx = ForwardContext(training: false)
        let trace = ForwardTrace()
        ctx.trace = trace
        let x = Variable(Tensor.zeros([1, leads, inputSize]))
        _ = withoutGrad { ctx.apply(model, named: "", to: x) }
        let raw = trace.rows
        rows = raw.enumerated().map { i, r in
            Row(name: r.path.dropFirst().joined(separator: "."), type: r.type, depth: r.path.count - 1,
                outputShape: r.outputShape, parameters: r.parameters,
                isContainer: i + 1 < raw.count && raw[i + 1].path.count > r.path.count)
        }
        totalParameters = model.parameterCount
        bufferScalars = model.namedVariables.filter { $0.kind != .parameter }.reduce(0) { $0 + $1.variable.value.count }
        inputShape = x.shape
    }

    /// The table as text (containers show "--": their parameters are listed in the rows below them).
    public func render(title: String) -> String {
        func grouped(_ n: Int) -> String {
            let s = String(n)
            return s.enumerated().map { i, c in (i > 0 && (s.count - i) % 3 == 0 ? "," : "") + String(c) }.joined()
        }
        let labels = rows.map { r in String(repeating: "  ", count: r.depth) + (r.depth == 0 ? title : "\(r.name): \(r.type)") }
        let nameWidth = max(30, (labels.map(\.count).max() ?? 0) + 2)
        let shapeWidth = 18
        let width = nameWidth + shapeWidth + 12
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
        var lines = [String(repeating: "=", count: width),
                     pad("Layer (name: type)", nameWidth) + pad("Output Shape", shapeWidth) + "Param #",
                     String(repeating: "=", count: width)]
        for (r, label) in zip(rows, labels) {
            lines.append(pad(label, nameWidth) + pad("\(r.outputShape)", shapeWidth) + (r.isContainer ? "--" : grouped(r.parameters)))
        }
        lines += [String(repeating: "=", count: width),
                  "Input shape: \(inputShape)",
                  "Total params: \(grouped(totalParameters))",
                  "Trainable params: \(grouped(totalParameters))",
                  "Non-trainable params: 0",
                  "Buffers (BatchNorm statistics): \(grouped(bufferScalars))",
                  String(repeating: "=", count: width)]
        return lines.joined(separator: "\n")
    }
}
