import ExperimentSpec
import TensorBoardEvents

/// A stage's hyperparameters for TensorBoard's HParams tab: its inputs' canonical fields by
/// dotted path, the same values its key is computed from.
enum StageHParams {
    /// Numbers and booleans as themselves; strings bare; lists, null and the rest as canonical text.
    static func values(_ inputs: some CanonicalRepresentable) -> [String: HParamValue] {
        inputs.canonical.flattened().mapValues { v in
            switch v {
            case .bool(let b): return .bool(b)
            case .int(let i): return .number(Double(i))
            case .double(let d): return .number(d)
            case .string(let s): return .string(s)
            default: return .string(v.encoded)
            }
        }
    }
}
