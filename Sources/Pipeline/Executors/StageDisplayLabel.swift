extension StageGraph {
    /// What job and worker messages call a stage: its label, then for training stages the method
    /// and case (`pretrain simclr RRC+TO`), as the runner's console lines do.
    public func displayLabel(of key: String) -> String { StageNames(self).name(key) }
}
