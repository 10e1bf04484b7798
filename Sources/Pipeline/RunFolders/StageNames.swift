import ExperimentSpec

/// What console lines call each stage of a graph: its label, then for training stages the
/// method and case (`pretrain simclr RRC+TO`), from the same `CaseName` rule the run folders use.
struct StageNames: Sendable {
    private var names: [String: String] = [:]

    /// Names for every stage of `graph`. A stage shared by several cases shows the parts they
    /// have in common (a pretraining shared by two evaluations shows its method and augmentations).
    init(_ graph: StageGraph) {
        var partsByKey: [String: [[String]]] = [:]
        for v in graph.variants {
            for s in v.stages {
                guard let kind = graph.nodes[s.key]?.kind else { continue }
                partsByKey[s.key, default: []].append(CaseName.displayParts(of: v.experiment, for: kind))
            }
        }
        for (key, node) in graph.nodes {
            guard [.pretrain, .finetune, .linearEval].contains(node.kind), let all = partsByKey[key], let first = all.first else {
                names[key] = node.label
                continue
            }
            let common = first.filter { p in all.allSatisfy { $0.contains(p) } }
            names[key] = ([node.label] + common).joined(separator: " ")
        }
    }

    /// The readable name of `key` (the key itself when the graph has no such stage).
    func name(_ key: String) -> String { names[key] ?? key }

    /// The name with the key's first 8 hex digits, as console lines show it.
    func tagged(_ key: String) -> String { "\(name(key)) [\(key.prefix(8))]" }
}
