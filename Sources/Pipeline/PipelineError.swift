/// Failures of planning or running, as users should read them.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    /// The spec names an input that is missing or unreadable (bad input: exit code 2).
    case badInput(String)
    /// A stage failed; earlier stages stay cached.
    case stageFailed(stage: String, key: String, reason: String)
    /// The cache is in a state the runner cannot use.
    case cache(String)

    public var description: String {
        switch self {
        case .badInput(let m): return m
        case .stageFailed(let stage, let key, let reason): return "stage \(stage) [\(key.prefix(12))] failed: \(reason)"
        case .cache(let m): return "cache: \(m)"
        }
    }
}
