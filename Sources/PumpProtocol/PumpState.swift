/// The state of a pump (docs/protocol.md §10.1); the raw value is the wire text.
public enum PumpState: String, Sendable, Hashable, CaseIterable {
    /// No program stored (after power-up or STOP).
    case idle
    /// A program is stored and its token has not been used.
    case programmed
    /// Delivering the program; the watchdog is armed.
    case running
    /// A started program is held; RESUME continues it.
    case paused
    /// A motor-stopping alarm stopped the infusion.
    case alarm
    /// The VTBI has been delivered; KVO continues.
    case complete
}
