import Foundation
import TensorCore

extension Classifier {
    /// The optimizer groups of one training phase: the head at `lr`; unless `headOnly`, the
    /// backbone too, at `lr`, or with a discriminative factor f in the model's layer groups from
    /// the top down at lr·f, lr·f², …, and whatever no group names at the next power.
    public func parameterGroups(lr: Float, weightDecay: Float, headOnly: Bool, discriminativeFactor: Double?) -> [ParameterGroup] {
        let head = headVariables.filter { $0.kind == .parameter }.map(\.variable)
        var groups = [ParameterGroup(head, lr: lr, weightDecay: weightDecay)]
        if headOnly { return groups }
        let backbone = backboneVariables.filter { $0.kind == .parameter }
        guard let factor = discriminativeFactor else {
            groups[0].parameters += backbone.map(\.variable)
            return groups
        }
        let buckets = discriminativeLayerGroups
        var assigned = Set<ObjectIdentifier>()
        for (depth, prefixes) in buckets.enumerated() {
            let vars = backbone.filter { v in prefixes.contains { v.name.hasPrefix($0) } && !assigned.contains(ObjectIdentifier(v.variable)) }
            vars.forEach { assigned.insert(ObjectIdentifier($0.variable)) }
            if !vars.isEmpty {
                groups.append(ParameterGroup(vars.map(\.variable), lr: lr * Float(pow(factor, Double(depth + 1))), weightDecay: weightDecay))
            }
        }
        let rest = backbone.filter { !assigned.contains(ObjectIdentifier($0.variable)) }
        if !rest.isEmpty {
            groups.append(ParameterGroup(rest.map(\.variable), lr: lr * Float(pow(factor, Double(buckets.count + 1))), weightDecay: weightDecay))
        }
        return groups
    }
}
