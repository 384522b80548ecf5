import PumpProtocol

/// One item of a pump's monitor stream: a status, an event, a change of link health, a restart, or the end.
public enum PumpUpdate: Sendable, Hashable {
    /// A status read by the monitor's poll (or after reconnecting).
    case status(PumpStatus)
    /// An unsolicited alarm event (point-to-point links only).
    case event(PumpEvent)
    /// The link's health changed.
    case link(LinkHealth)
    /// The pump restarted (a new boot identifier): any infusion was interrupted and its program and volumes are
    /// lost. The driver has started and resumed nothing; the user must be alerted.
    case rebooted(previous: BootId, current: BootId)
    /// The monitor stopped for good: the pump cannot be operated (unsupported protocol, another pump on the line,
    /// the line closed). The reason says which.
    case stopped(reason: String)
}
