import Foundation
import Pipeline

/// The `status` lines for stages submitted to Slurm: cached, or the job's id and state.
enum SlurmStatus {
    static func lines(cache: CacheStore, client: SlurmClient = SlurmClient()) -> [String] {
        let records = SlurmJobStore(cache: cache).all()
        guard !records.isEmpty else { return [] }
        let pending = records.filter { !cache.contains($0.key) }
        let states = client.states(pending.map(\.jobId))
        let width = (records.map(\.label.count).max() ?? 0) + 2
        return ["slurm jobs"] + records.map { r in
            let label = r.label.padding(toLength: width, withPad: " ", startingAt: 0)
            let what: String
            if cache.contains(r.key) {
                what = "cached      (job \(r.jobId))"
            } else {
                let s = states[r.jobId]!
                what = "\(word(s).padding(toLength: 11, withPad: " ", startingAt: 0)) (job \(r.jobId) \(s.state)\(s.reason.isEmpty ? "" : ", \(s.reason)"))"
            }
            return "  \(label) \(r.key.prefix(12))  \(what)"
        }
    }

    /// Slurm's many states folded into what a user asks: is it waiting, building, or dead?
    static func word(_ s: SlurmJobState) -> String {
        switch s.state {
        case "PENDING", "REQUEUED", "SUSPENDED": return s.isActive ? "queued" : "failed"
        case "RUNNING", "CONFIGURING", "COMPLETING": return "running"
        case "UNKNOWN": return "unknown"
        default: return "failed"
        }
    }
}
