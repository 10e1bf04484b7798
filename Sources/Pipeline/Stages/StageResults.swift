import Foundation

/// A stage's typed output record, stored as one JSON file in its entry and read back by the
/// stages downstream.
protocol StageResultFile: Codable, Equatable, Sendable {
    /// The file name inside the entry's artifacts.
    static var file: String { get }
    /// What the record is, for errors.
    static var what: String { get }
}

extension StageResultFile {
    func write(to dir: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(self).write(to: dir.appendingPathComponent(Self.file))
    }

    static func read(from dir: URL) throws -> Self {
        let url = dir.appendingPathComponent(file)
        do { return try JSONDecoder().decode(Self.self, from: Data(contentsOf: url)) } catch {
            throw PipelineError.cache("\(url.path): not \(what) (\(error))")
        }
    }
}

/// What an evaluation stage records about its run (`result.json`), read by the report. The
/// confidence interval is not here: the report computes it from `predictions.csv` and
/// `labels.csv`, so its bootstrap settings never retrain anything.
public struct EvaluationResult: StageResultFile {
    /// One epoch of the curve.
    public struct Epoch: Codable, Equatable, Sendable {
        /// Training phase (head-only phases come first).
        public var phase: Int
        /// Epoch across phases, from 1.
        public var epoch: Int
        public var trainLoss: Double
        public var validationAUC: Double
    }

    public var mode: EvaluationMode
    public var labelSet: String
    public var classes: [String]
    public var trainFolds: Int
    public var noiseLevel: Int
    /// Records of the training folds the head (or model) was trained on.
    public var trainRecords: Int
    public var testRecords: Int
    /// Test macro ROC-AUC at the selected epoch.
    public var testAUC: Double
    /// Validation macro ROC-AUC at the selected epoch.
    public var validationAUC: Double
    /// The epoch chosen by validation AUC (from 1).
    public var selectedEpoch: Int
    /// Why the last phase ended.
    public var stop: Stop
    /// Whether the last phase's validation AUC had stopped climbing: stopped on patience, or
    /// gained less than 0.005 over its last 20 % of epochs. A run that did not settle is marked
    /// in the report, as a probe stopped while improving is not a result.
    public var settled: Bool
    public var curve: [Epoch]

    /// How a training phase ended.
    public enum Stop: String, Codable, Sendable {
        /// The validation AUC stopped improving (early stopping).
        case patience
        /// The epoch cap.
        case cap
    }

    static let file = "result.json"
    static let what = "an evaluation result"

}

/// What a pretraining stage records about its run (`pretrain.json`), read by the report.
public struct PretrainResult: StageResultFile {
    /// One epoch's mean training loss and, when the corpora have a validation fold, validation loss.
    public struct Epoch: Codable, Equatable, Sendable {
        public var epoch: Int
        public var trainLoss: Double
        public var validationLoss: Double?
    }

    /// Optimizer steps taken.
    public var steps: Int
    public var curve: [Epoch]

    static let file = "pretrain.json"
    static let what = "a pretraining result"

}
