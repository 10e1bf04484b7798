/// An augmentation-pair study read from result rows: one value per unordered pair of
/// transformations (the diagonal: one transformation alone or applied twice).
public struct AugmentationSweep: Sendable, Equatable {
    public var method: String
    public var evaluation: ResultEntry.Evaluation
    /// Row and column order: first appearance in the results.
    public var transformations: [String]
    /// `values[i][j]` for j ≤ i (lower triangle incl. diagonal); nil where that pair was not run.
    /// Every run of a cell (both orders of a pair, repeated pretraining seeds) counts towards
    /// its mean.
    public var values: [[Double?]]
    /// The sample standard deviation of a cell's runs where it has two or more (nil otherwise):
    /// with repeated pretraining seeds, the seed noise against which cells are compared.
    public var spreads: [[Double?]]
    /// How many runs each cell holds.
    public var counts: [[Int]]

    /// A sweep from its fields (`spreads` and `counts` default to single runs).
    public init(method: String, evaluation: ResultEntry.Evaluation, transformations: [String], values: [[Double?]],
                spreads: [[Double?]]? = nil, counts: [[Int]]? = nil) {
        (self.method, self.evaluation, self.transformations, self.values) = (method, evaluation, transformations, values)
        self.spreads = spreads ?? values.map { $0.map { _ in nil } }
        self.counts = counts ?? values.map { $0.map { $0 == nil ? 0 : 1 } }
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
        var runs: [[[Double]]] = names.map { _ in names.map { _ in [] } }
        for r in rows {
            let idx = r.augmentations.compactMap { names.firstIndex(of: $0) }
            guard let i = idx.max(), let j = idx.min() else { continue }
            runs[i][j].append(r.test.value)
        }
        let cells = runs.joined().filter { !$0.isEmpty }.count
        guard names.count >= 2, cells >= 2 else { return nil }
        let triangle = names.indices.map { i in (0...i).map { j in runs[i][j] } }
        let values = triangle.map { $0.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) } }
        let spreads = triangle.map { $0.map { Self.standardDeviation($0) } }
        return AugmentationSweep(method: method, evaluation: evaluation, transformations: names, values: values,
                                 spreads: spreads, counts: triangle.map { $0.map(\.count) })
    }

    /// Sample standard deviation (n − 1), nil below two values.
    static func standardDeviation(_ x: [Double]) -> Double? {
        guard x.count >= 2 else { return nil }
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }
}
