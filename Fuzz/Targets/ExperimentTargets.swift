import ExperimentSpec
import Foundation

/// The experiment-file parser (YAML → validated `ExperimentFile`).
enum ExperimentTargets {
    static let yaml = FuzzTarget("yaml") { data in
        guard let text = String(data: data, encoding: .utf8) else { return }
        _ = try ExperimentFile.parse(yaml: text, file: "fuzz.yaml")
    }
}
