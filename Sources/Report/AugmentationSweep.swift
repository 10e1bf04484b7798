/// An augmentation-pair study read from result rows: one value per unordered pair of
/// transformations (the diagonal: one transformation alone or applied twice).
public struct AugmentationSweep: Sendable, Equatable {
    public var method: String
    public var evaluation: ResultEntry.Evaluation
    /// Row and column order: first appearance in the results.
    public var transformations: [String]
    /// `values[i][j]` for j ≤ i (lower triangle incl. diagonal); nil where that pair was not run.
    /// Both orders of a pair share a cell, which shows their mean.
    public var values: [[Double?]]

    /// A sweep from its fields.
    public init(method: String, evaluation: ResultEntry.Evaluation, transformations: [String], values: [[Double?]]) {
        (self.method, self.evaluation, self.transformations, self.values) = (method, evaluation, transformations, values)
    }

    /// The sweep the entries form, or nil when they are not one: the pretrained rows must share
    /// one method and each use one or two transformations, over at least two distinct cells.
    /// Linear evaluation is preferred (the paper's protocol for this study).
    public static func detect(_ entries: [ResultEntry]) -> AugmentationSweep? {
        let pretrained = entries.filter { $0.method != "random-init" && $0.method != "supervised" }
        guard let method = pretrained.first?.method, pretrained.allSatisfy({ $0.method == method }),
              pretrained.allSatisfy({ (1...2).contains($0.augmentations.count) }) else { return nil }
        let evaluation: ResultEntry.Evaluation = pretrained.contains { $0.evaluation == .linear } ? .linear : .finetune
        let rows = pretrained.filter { $0.evaluation == evaluation }
        var names: [String] = []
        for r in rows { for a in r.augmentations where !names.contains(a) { names.append(a) } }
        var sums: [[Double]] = names.map { _ in names.map { _ in 0 } }
        var counts: [[Int]] = names.map { _ in names.map { _ in 0 } }
        for r in rows {
            let idx = r.augmentations.map { names.firstIndex(of: $0)! }
            let (i, j) = (idx.max()!, idx.min()!)
            sums[i][j] += r.test.value
            counts[i][j] += 1
        }
        let cells = counts.joined().filter { $0 > 0 }.count
        guard names.count >= 2, cells >= 2 else { return nil }
        let values = names.indices.map { i in (0...i).map { j in counts[i][j] > 0 ? sums[i][j] / Double(counts[i][j]) : nil } }
        return AugmentationSweep(method: method, evaluation: evaluation, transformations: names, values: values)
    }
}
