/// The kinds of stage a graph holds; the raw value is the name in keys, manifests and events.
public enum StageKind: String, CaseIterable, Sendable, Codable {
    case selftest
    case preprocess
    case pretrain
    case finetune
    case linearEval = "linear-eval"
    case report
}
