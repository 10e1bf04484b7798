import ArgumentParser

/// `runexp`: declarative, reproducible self-supervised ECG experiments.
@main
struct RunExp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runexp",
        abstract: "Pretrain and evaluate self-supervised models on 12-lead ECGs from YAML experiment files.",
        subcommands: [
            Run.self, StageCommand.self, Plan.self, Explain.self, Status.self, Report.self, Gc.self,
            AugmentCommand.self,
            DatasetCommand.self,
            ModelCommand.self,
        ]
    )
}
