/// Every fuzz target by name: the fuzz driver and the replay tests both read this list, so a
/// target cannot exist in one and be missing from the other.
public enum FuzzCatalog {
    /// All targets, in the order `scripts/fuzz.sh` runs them (most exposed parsers first).
    public static let all: [FuzzTarget] = [
        ExperimentTargets.yaml,
        WFDBTargets.header, WFDBTargets.record, WFDBTargets.mat, WFDBTargets.cinc,
        CSVTargets.csv, CSVTargets.scpCodes, CSVTargets.scpStatements, CSVTargets.ptbxlDatabase, CSVTargets.zheng,
        TorchTargets.pickle, TorchTargets.checkpoint,
        ArchiveTargets.zip, ArchiveTargets.tar, ArchiveTargets.targz,
        TensorFileTargets.safetensors, TensorFileTargets.encoder, TensorFileTargets.npy, TensorFileTargets.npz,
        ProjectFileTargets.manifest, ProjectFileTargets.store, ProjectFileTargets.trainingState,
        ProjectFileTargets.ribeiro,
    ]

    /// The target called `name`, if any.
    public static func target(named name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
