/// Variables optimized with one learning rate and weight decay (discriminative learning rates
/// use several groups).
public struct ParameterGroup {
    /// The variables this group updates (those without a gradient at a step are skipped).
    public var parameters: [Variable]
    /// Learning rate before any schedule; schedules set `lr = baseLR · factor`.
    public var baseLR: Float
    /// Learning rate used by the next step.
    public var lr: Float
    /// L2 penalty (SGD, Adam) or decoupled decay (AdamW).
    public var weightDecay: Float

    /// A group starting at learning rate `lr`.
    public init(_ parameters: [Variable], lr: Float, weightDecay: Float = 0) {
        self.parameters = parameters
        self.baseLR = lr
        self.lr = lr
        self.weightDecay = weightDecay
    }
}

/// Errors restoring optimizer state.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// What was wrong, naming the state entry.
    public let description: String
}

/// A first-order optimizer over parameter groups, with exportable state for exact resumption.
public protocol Optimizer: AnyObject {
    /// The parameter groups, in order; state names refer to these indices.
    var groups: [ParameterGroup] { get set }
    /// Number of `step()` calls so far.
    var stepCount: Int { get }
    /// Applies one update from the current gradients.
    func step()
    /// Per-parameter state named "group{g}.param{p}.{field}" (PyTorch's field names).
    func stateTensors() -> [String: Tensor]
    /// Restores what `stateTensors()` and `stepCount` exported.
    func loadState(_ tensors: [String: Tensor], stepCount: Int) throws
}

extension Optimizer {
    /// Clears the gradient of every parameter in every group.
    public func zeroGrad() {
        for g in groups { for p in g.parameters { p.grad = nil } }
    }

    /// Sets every group's learning rate to its base rate times `factor` (from a schedule).
    public func setLearningRateFactor(_ factor: Double) {
        for i in groups.indices { groups[i].lr = Float(Double(groups[i].baseLR) * factor) }
    }
}

/// Per-parameter state slots addressed by (group, parameter, field).
struct OptimizerState {
    var slots: [String: [Float]] = [:]
    var steps: [String: Int] = [:]

    static func key(_ g: Int, _ p: Int) -> String { "group\(g).param\(p)" }

    func export() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (k, v) in slots { out[k] = Tensor(shape: [v.count], scalars: v) }
        for (k, s) in steps { out[k + ".step"] = Tensor(Float(s)) }
        return out
    }

    /// Loads entries, checking each against the parameter it belongs to.
    mutating func load(_ tensors: [String: Tensor], groups: [ParameterGroup], fields: [String]) throws {
        var slots: [String: [Float]] = [:], steps: [String: Int] = [:]
        for (name, t) in tensors {
            let parts = name.split(separator: ".")
            guard parts.count == 3, parts[0].hasPrefix("group"), parts[1].hasPrefix("param"),
                  let g = Int(parts[0].dropFirst(5)), let p = Int(parts[1].dropFirst(5)),
                  g < groups.count, p < groups[g].parameters.count else {
                throw OptimizerStateError(description: "optimizer state: unknown entry \(name)")
            }
            let field = String(parts[2])
            if field == "step" {
                steps[Self.key(g, p)] = Int(t.scalars.first ?? 0)
            } else {
                guard fields.contains(field) else { throw OptimizerStateError(description: "optimizer state: unexpected field in \(name)") }
                let n = groups[g].parameters[p].value.count
                guard t.count == n else {
                    throw OptimizerStateError(description: "optimizer state: \(name) has \(t.count) elements, parameter has \(n)")
                }
                slots[name] = t.scalars
            }
        }
        self.slots = slots
        self.steps = steps
    }
}
