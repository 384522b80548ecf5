import PumpProtocol

/// The outcome of giving one decoder output to a simulated pump.
public struct PumpExchange: Sendable, Hashable {
    /// The reply to transmit, if any.
    public let reply: Frame?
    /// What the pump did with the input.
    public let disposition: RequestDisposition
    /// The command code of a valid request (nil otherwise).
    public let code: CommandCode?
    /// What changed meanwhile (physics up to the arrival, alarms cleared by the frame, the command's effects).
    public let notices: [PumpNotice]
}
