import ArgumentParser
import Foundation

/// `runexp`: declarative, reproducible self-supervised ECG experiments.
@main
struct RunExp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runexp",
        abstract: "Pretrain and evaluate self-supervised models on 12-lead ECGs from YAML experiment files.",
        subcommands: [
            RunCommand.self, StageCommand.self, PlanCommand.self, ExplainCommand.self, StatusCommand.self, ReportCommand.self,
            GcCommand.self,
            AugmentCommand.self,
            DatasetCommand.self,
            ModelCommand.self,
            CheckpointCommand.self, ExportCommand.self,
        ]
    )

    /// Usage errors exit 2 like every other bad input (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
