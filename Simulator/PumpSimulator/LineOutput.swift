/// What the line produced during one call, for the executable to act on in this order: transmit, report, trace.
public struct LineOutput: Sendable, Hashable {
    /// Byte chunks to put on the wire now, in order: whole frames (replies, events) or garbage bursts.
    public var transmissions: [[UInt8]] = []
    /// Lines for stdout.
    public var reports: [SimulatorReport] = []
    /// `--trace` records for stderr (without timestamp).
    public var traces: [String] = []
    /// Set when the cable must be pulled for this long (`unplug`): the executable closes the link and re-opens it.
    public var unplugFor: Duration?

    /// An empty output.
    public init() {}
}
