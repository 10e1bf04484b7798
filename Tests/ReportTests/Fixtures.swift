import Foundation
import Metrics
@testable import Report

/// Data shaped like the studies' results, for every figure kind the report writes.
enum Fixtures {
    static func entry(_ method: String, _ augs: [String], _ eval: ResultEntry.Evaluation, _ v: Double, epoch: Int = 3) -> ResultEntry {
        ResultEntry(method: method, augmentations: augs, evaluation: eval,
                    test: Estimate(value: v, lower: v - 0.021, upper: v + 0.018), validation: v + 0.01, selectedEpoch: epoch)
    }

    /// A main table: both baselines, two SSL methods, LaTeX-special characters in one name.
    static let main: [ResultEntry] = [
        entry("simclr", ["RRC", "TO"], .linear, 0.853),
        entry("random-init", [], .linear, 0.701),
        entry("simclr", ["RRC", "TO"], .finetune, 0.902, epoch: 5),
        entry("cpc", [], .linear, 0.811),
        entry("cpc", [], .finetune, 0.894),
        entry("supervised", [], .finetune, 0.887),
        entry("byol", ["Gauss_Noise&50%", "TO"], .linear, 0.792),
    ]

    /// CPC's loss is summed over positions (~1000), SimCLR's is not (~4): 250× apart.
    static let pretrainLoss: [Series] = [
        Series(name: "simclr RRC+TO", points: (1...30).map { (Double($0), 4.2 - 1.1 * log(Double($0))) }),
        Series(name: "cpc", points: (1...30).map { (Double($0), 1100 - 60 * log(Double($0))) }),
    ]

    static let validation: [Series] = [
        Series(name: "simclr RRC+TO fin", points: (1...12).map { (Double($0), 0.70 + 0.015 * Double($0)) }),
        Series(name: "cpc fin", points: (1...12).map { (Double($0), 0.68 + 0.017 * sqrt(Double($0))) }),
        Series(name: "supervised fin", points: (1...12).map { (Double($0), 0.62 + 0.02 * sqrt(Double($0))) }),
    ]

    static func banded(_ name: String, _ xs: [Double], _ f: (Double) -> Double) -> Series {
        Series(name: name, points: xs.map { ($0, f($0)) }, intervals: xs.map { (f($0) - 0.03, f($0) + 0.025) })
    }

    static let labelEfficiency: [Series] = [
        banded("simclr RRC+TO lin", [1, 2, 4, 8]) { 0.70 + 0.04 * log2($0) },
        banded("supervised fin", [1, 2, 4, 8]) { 0.62 + 0.06 * log2($0) },
    ]

    static let noise: [Series] = [
        banded("simclr RRC+TO fin", (0...6).map(Double.init)) { 0.90 - 0.03 * $0 },
        banded("supervised fin", (0...6).map(Double.init)) { 0.88 - 0.05 * $0 },
    ]

    /// The paper's ten transformations (full names where there is no abbreviation), every ordered pair.
    static let transformations = ["GaussianNoise", "GaussianBlur", "RRC", "TO", "ChannelResize", "DynamicTimeWarp",
                                  "BW", "PLI", "EM", "BaselineShift"]
    static var pairEntries: [ResultEntry] {
        var out = [entry("random-init", [], .linear, 0.70)]
        for (i, a) in transformations.enumerated() {
            for (j, b) in transformations.enumerated() {
                out.append(entry("simclr", [a, b], .linear, 0.75 + 0.01 * Double(i) + 0.004 * Double(j)))
            }
        }
        return out
    }

    /// Every SVG the report writes, by file name.
    static var figures: [String: String] {
        [
            "auc.svg": ReportFigures.auc(main),
            "pretrain_loss.svg": ReportFigures.pretrainingLoss(pretrainLoss),
            "val_auc.svg": ReportFigures.validationAUC(validation),
            "label_efficiency.svg": ReportFigures.labelEfficiency(labelEfficiency),
            "noise.svg": ReportFigures.noiseRobustness(noise),
            "augmentations.svg": ReportFigures.augmentations(AugmentationSweep.detect(pairEntries)!),
        ]
    }

    /// Figures whose x axis counts something (epochs, folds, levels): integer tick labels only.
    static let countAxes: Set<String> = ["pretrain_loss.svg", "val_auc.svg", "label_efficiency.svg", "noise.svg"]
    /// Figures of quantities that cannot be negative, whose y axes must not go below 0.
    static let nonNegative: Set<String> = ["pretrain_loss.svg", "val_auc.svg", "label_efficiency.svg", "noise.svg", "auc.svg"]
}
