import ArgumentParser

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
}
