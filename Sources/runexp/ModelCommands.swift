import ArgumentParser
import Foundation
import Models
import TensorCore

/// `runexp model …`: inspect the model architectures.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect model architectures.",
        subcommands: [ModelSummaryCommand.self, ModelEmbedCommand.self]
    )
}

/// `runexp model summary NAME`: each layer with its output shape and parameter count, and the totals.
struct ModelSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print each layer of a model's downstream classifier with its output shape and parameters.",
        discussion: "Models: \(ModelName.allNames.joined(separator: ", ")). xresnet1d models are the encoder plus "
            + "Linear(features, classes); cpc models the encoder, LSTM and finetuning head."
    )

    @Argument(help: "Model name (\(ModelName.allNames.joined(separator: ", "))).")
    var name: String

    @Option(help: "Number of input leads.")
    var leads: Int = 12

    @Option(help: "Number of output classes.")
    var classes: Int = 71

    @Option(name: .customLong("input-size"), help: "Window length in samples.")
    var inputSize: Int = 250

    func run() throws {
        guard let model = ModelName(name) else {
            FileHandle.standardError.write(Data("error: unknown model '\(name)'; valid: \(ModelName.allNames.joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        }
        guard leads > 0, classes > 0 else {
            FileHandle.standardError.write(Data("error: --leads and --classes must be positive (got \(leads), \(classes))\n".utf8))
            throw ExitCode(2)
        }
        guard inputSize >= model.minimumInputSize else {
            FileHandle.standardError.write(Data("error: --input-size \(inputSize) is too short for \(model); it needs at least \(model.minimumInputSize) samples\n".utf8))
            throw ExitCode(2)
        }
        var rng = SeededGenerator(seed: 0)
        let classifier = model.makeClassifier(leads: leads, classes: classes, rng: &rng)
        print(ModelSummary(classifier, leads: leads, inputSize: inputSize).render(title: "\(model) (\(leads) leads, \(classes) classes)"))
    }
}
