import PumpDriver
import PumpProtocol

/// The connection to the pump of one preparation: a driver on its line, whose every exchange is journalled under
/// that preparation (an intent before each state-changing request, the outcome after every request).
public struct PumpSession: Sendable {
    /// Where the pump is, as named by the nurse (and journalled, so a restart re-attaches the same way).
    public let endpoint: PumpEndpointSpec
    /// The line.
    public let line: PumpLine
    /// The pump's driver.
    public let driver: PumpDriver
    /// The identity IDEN reported on connecting.
    public let identity: PumpIdentity

    /// Closes the line (the pump itself is left as it is).
    public func close() async {
        await line.close()
    }
}

/// What supervision reports as it goes, for a live display.
public enum SupervisionUpdate: Sendable {
    /// A status read from the pump, with the preparation as it now stands.
    case status(PumpStatus, PreparationRecord)
    /// The link's health changed.
    case link(LinkHealth)
    /// The pump restarted: its program and volumes are lost.
    case rebooted(previous: BootId, current: BootId)
}
