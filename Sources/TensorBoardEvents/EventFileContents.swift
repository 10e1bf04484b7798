/// What an event file says, as far as this module's writer writes: the inverse of `EventFile.encode`.
public struct EventFileContents: Equatable, Sendable {
    /// The first event's file_version ("brain.Event:2"), nil if the file has none.
    public var fileVersion: String?
    /// Wall time of the file_version event.
    public var createdAt: Double?
    /// Every simple_value summary, in file order.
    public var scalars: [ScalarPoint]
    /// The HParams session (start info, plus end info if present), nil if the file has none.
    public var hparams: HParamsSession?
    /// The metrics the HParams experiment declares.
    public var metrics: [HParamsMetric]

    public init(fileVersion: String? = nil, createdAt: Double? = nil, scalars: [ScalarPoint] = [],
                hparams: HParamsSession? = nil, metrics: [HParamsMetric] = []) {
        self.fileVersion = fileVersion
        self.createdAt = createdAt
        self.scalars = scalars
        self.hparams = hparams
        self.metrics = metrics
    }
}
