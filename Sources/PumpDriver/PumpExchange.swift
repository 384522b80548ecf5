import PumpProtocol

/// One request the driver sent and how it ended, or a state-changing request it is about to send: what the journal
/// records so that every frame that could have moved a pump is accounted for.
///
/// The driver reports an `intent` before it writes a state-changing request (SETP, STRT, PAUS, RESM, STOP, CLRV,
/// ALAK) and a `completed` exchange for every request once its outcome is known, and awaits the observer each time
/// before going on. A caller that journals durably in the observer therefore has "about to send STRT" on disk before
/// the first byte leaves, and the outcome on disk before the command returns.
public struct PumpExchange: Sendable, Hashable {
    /// Before sending, or after the outcome.
    public enum Phase: String, Sendable, Hashable {
        /// A state-changing request is about to be written for the first time.
        case intent
        /// The request's outcome is known (a reply, or none after every transmission).
        case completed
    }

    /// Before sending or after the outcome.
    public let phase: Phase
    /// The pump's address.
    public let address: PumpAddress
    /// The port as the transport names it.
    public let port: String
    /// The command code (`STRT`).
    public let command: CommandCode
    /// The request's sequence number.
    public let sequence: SequenceNumber
    /// True for requests that can change the pump's state.
    public let changesState: Bool
    /// The request frame as on the wire, without CR LF: `$01|0005|CMD|STRT|014|token=9F3B0C2E|683C`.
    public let request: String
    /// How it ended; nil for an intent.
    public let outcome: PumpExchangeOutcome?
    /// Times the identical bytes were written (0 for an intent or a request that could not be sent).
    public let transmissions: Int
    /// Why each retransmission was needed.
    public let retransmissionReasons: [RetransmissionReason]
    /// From the first write to the outcome, on the driver's monotonic clock (zero for an intent).
    public let duration: Duration

    /// Creates a record (the driver does; tests and journals may build their own).
    public init(
        phase: Phase, address: PumpAddress, port: String, command: CommandCode, sequence: SequenceNumber,
        changesState: Bool, request: String, outcome: PumpExchangeOutcome?, transmissions: Int,
        retransmissionReasons: [RetransmissionReason], duration: Duration
    ) {
        self.phase = phase
        self.address = address
        self.port = port
        self.command = command
        self.sequence = sequence
        self.changesState = changesState
        self.request = request
        self.outcome = outcome
        self.transmissions = transmissions
        self.retransmissionReasons = retransmissionReasons
        self.duration = duration
    }
}
