/// A hyperparameter's value: the kinds of google.protobuf.Value the HParams plugin shows.
public enum HParamValue: Equatable, Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
}

/// How a run ended, for the HParams tab's status column.
public enum SessionStatus: Equatable, Hashable, Sendable {
    case unknown, success, failure, running
}

/// The end of a run: its status and when it ended (seconds since the Unix epoch).
public struct SessionEnd: Equatable, Hashable, Sendable {
    public var status: SessionStatus
    public var time: Double

    public init(status: SessionStatus, time: Double) {
        self.status = status
        self.time = time
    }
}

/// One run's hyperparameters, start and (once over) end, as the HParams tab shows them.
public struct HParamsSession: Equatable, Sendable {
    public var hparams: [String: HParamValue]
    /// Seconds since the Unix epoch.
    public var startTime: Double
    /// Runs with the same group name are repeats of one configuration; empty means on its own.
    public var groupName: String
    public var end: SessionEnd?

    public init(hparams: [String: HParamValue], startTime: Double, groupName: String = "", end: SessionEnd? = nil) {
        self.hparams = hparams
        self.startTime = startTime
        self.groupName = groupName
        self.end = end
    }
}

/// A metric the HParams tab lists: a scalar tag, in the run's own directory unless `group` names a subdirectory.
public struct HParamsMetric: Equatable, Hashable, Sendable {
    public var tag: String
    public var group: String
    public var displayName: String

    public init(tag: String, group: String = "", displayName: String = "") {
        self.tag = tag
        self.group = group
        self.displayName = displayName
    }
}
