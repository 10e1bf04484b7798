import ExperimentSpec
import Foundation

/// The experiment-file parser (YAML → validated `ExperimentFile`).
enum ExperimentTargets {
    static let yaml = FuzzTarget("yaml") { data in
        guard let text = String(data: data, encoding: .utf8), !hitsKnownWarmupTrap(text) else { return }
        _ = try ExperimentFile.parse(yaml: text, file: "fuzz.yaml")
    }

    /// PretrainSpec force-unwraps the `warmup_epochs` node when the default warmup exceeds a
    /// written `epochs` (a known bug fixed elsewhere, not by the fuzzing work). Only BYOL and
    /// SwAV default to a warmup above 1 epoch, so inputs naming either with an `epochs` key but
    /// no `warmup_epochs` key are skipped instead of reported again and again.
    static func hitsKnownWarmupTrap(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.contains("byol") || lower.contains("swav") else { return false }
        let epochs = text.components(separatedBy: "epochs").count - 1
        let warmups = text.components(separatedBy: "warmup_epochs").count - 1
        return epochs > warmups && warmups == 0
    }
}
