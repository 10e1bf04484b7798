/// One scalar sample, as TensorBoard's Scalars tab plots it.
public struct ScalarPoint: Equatable, Hashable, Sendable {
    public var tag: String
    public var step: Int64
    /// Stored as a Float because that is what the event file keeps (Summary.Value.simple_value).
    public var value: Float
    /// Seconds since the Unix epoch.
    public var wallTime: Double

    public init(tag: String, step: Int64, value: Float, wallTime: Double) {
        self.tag = tag
        self.step = step
        self.value = value
        self.wallTime = wallTime
    }

    /// Rounds `value` to the nearest Float, the precision the file keeps.
    public init(tag: String, step: Int64, value: Double, wallTime: Double) {
        self.init(tag: tag, step: step, value: Float(value), wallTime: wallTime)
    }
}
