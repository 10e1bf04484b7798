/// One experiment's main-table entries under its name, for a table across experiments.
public struct ExperimentResults: Sendable {
    public var name: String
    public var entries: [ResultEntry]

    /// Results from their fields.
    public init(name: String, entries: [ResultEntry]) { (self.name, self.entries) = (name, entries) }
}

/// One table across experiments: the paper layout with an Experiment column; each experiment's
/// gains are against its own random-init probe.
public enum CombinedTable {
    /// Markdown.
    public static func markdown(_ experiments: [ExperimentResults], title: String) -> String {
        ResultsTable.markdown(sections: sections(experiments), title: title)
    }

    /// CSV with an `experiment` column.
    public static func csv(_ experiments: [ExperimentResults]) -> String {
        ResultsTable.csv(sections: sections(experiments))
    }

    /// LaTeX (booktabs).
    public static func latex(_ experiments: [ExperimentResults], caption: String) -> String {
        LaTeXTable.render(sections: sections(experiments), caption: caption)
    }

    static func sections(_ experiments: [ExperimentResults]) -> [(name: String, entries: [ResultEntry])] {
        experiments.map { ($0.name, $0.entries) }
    }
}
