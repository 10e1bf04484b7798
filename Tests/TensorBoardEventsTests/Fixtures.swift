import Foundation
import TensorBoardEvents

/// A small training log: two tags at interleaved steps, hparams of every kind, two declared metrics.
enum Fixture {
    static let start = 1_700_000_000.25

    static let scalars: [ScalarPoint] = (0..<5).flatMap { i -> [ScalarPoint] in
        let t = start + 10 * Double(i)
        return [
            ScalarPoint(tag: "train/loss", step: Int64(i * 100), value: 1.0 / Double(i + 1), wallTime: t),
            ScalarPoint(tag: "val/auc", step: Int64(i * 100), value: Float(0.5) + Float(i) * 0.0625, wallTime: t + 0.5),
        ]
    }

    static let hparams = HParamsSession(
        hparams: ["lr": .number(0.001), "method": .string("simclr"), "pretrained": .bool(true),
                  "batch_size": .number(128)],
        startTime: start, groupName: "",
        end: SessionEnd(status: .success, time: start + 100))

    static let metrics = [HParamsMetric(tag: "val/auc", displayName: "AUC"), HParamsMetric(tag: "train/loss")]

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("tb-events-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
