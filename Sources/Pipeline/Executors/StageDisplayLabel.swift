extension StageGraph {
    /// A stage's label with its sweep variant when exactly one variant has it (shared stages
    /// such as preprocess keep the bare label): what job and worker messages name.
    public func displayLabel(of key: String) -> String {
        let variants = Set(self.variants.filter { $0.stages.contains { $0.key == key } }.map(\.variant))
        guard let label = nodes[key]?.label else { return key }
        guard variants.count == 1, let v = variants.first, !v.isEmpty else { return label }
        return "\(label) [\(v)]"
    }
}
