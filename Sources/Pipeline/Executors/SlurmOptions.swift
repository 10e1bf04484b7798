/// Resource requests passed to every `sbatch` job (each `nil` leaves the cluster's default).
public struct SlurmOptions: Sendable, Equatable {
    /// `--partition`.
    public var partition: String?
    /// `--time` (Slurm's formats, e.g. `2:00:00`).
    public var time: String?
    /// `--cpus-per-task`.
    public var cpusPerTask: Int?
    /// `--mem` (e.g. `8G`).
    public var mem: String?

    /// Options as given on the command line.
    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil, mem: String? = nil) {
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.mem = mem
    }

    /// The `#SBATCH` lines for these requests.
    var directives: [String] {
        var d: [String] = []
        if let partition { d.append("--partition=\(partition)") }
        if let time { d.append("--time=\(time)") }
        if let cpusPerTask { d.append("--cpus-per-task=\(cpusPerTask)") }
        if let mem { d.append("--mem=\(mem)") }
        return d
    }
}
