import PumpProtocol

/// Something a simulated pump did on its own or as a consequence of a call, for the line to report and transmit.
public enum PumpNotice: Sendable, Hashable {
    /// The state changed; the status is the one after the change.
    case stateChanged(PumpStatus)
    /// An alarm entered the raised set.
    case alarmRaised(PumpAlarm)
    /// An alarm left the raised set.
    case alarmCleared(PumpAlarm)
    /// An `EVT ALRM` frame to transmit (point-to-point links only, docs/protocol.md §11).
    case event(Frame)
    /// The pump powered up again with this boot identifier (docs/protocol.md §10.6).
    case rebooted(BootId)
}
