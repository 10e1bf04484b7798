/// What an upstream stage is to the stage that reads it. The name is what keys and manifests
/// hold, so a role's spelling is part of every key that uses it.
public enum InputRole: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The preprocessed downstream dataset (PTB-XL layout).
    case downstream
    /// The encoder to start from: a pretraining entry, or the supervised finetune entry.
    case encoder
    /// The i-th pretraining corpus, in spec order.
    case corpus(Int)
    /// The trained evaluation a noise-robustness stage scores (selected on clean validation data).
    case trained
    /// One entry a report reads, named by its case and stage (`method=cpc/linear-eval`).
    case entry(String)

    /// The role's name in key material.
    public var name: String {
        switch self {
        case .downstream: return "downstream"
        case .encoder: return "encoder"
        case .corpus(let i): return "corpus[\(i)]"
        case .trained: return "trained"
        case .entry(let label): return label
        }
    }

    public var description: String { name }

    public static func < (a: InputRole, b: InputRole) -> Bool {
        switch (a, b) {
        case (.corpus(let i), .corpus(let j)): return i < j
        default: return a.name < b.name
        }
    }
}
