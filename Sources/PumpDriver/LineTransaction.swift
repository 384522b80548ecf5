import PumpProtocol

/// What happened to one request on the line: the matching reply or why there is none, and every transmission.
///
/// Produced by `PumpLine` for the driver, which turns it into a typed result and a `PumpExchange` for the journal.
struct LineTransaction: Sendable {
    /// How the request ended.
    enum Outcome: Sendable {
        /// The first valid `ACK`/`NAK` that matched the request (never `NAK crc`, which is retransmitted).
        case reply(Frame)
        /// Every transmission went unanswered or was received damaged.
        case unanswered
        /// The transport failed after the request was (perhaps partly) written.
        case transportFailed(String)
        /// The line was down: nothing was written.
        case notSent(String)
    }

    let outcome: Outcome
    /// Writes that completed.
    let transmissions: Int
    /// Why each retransmission was needed (and, for `unanswered`, why the last transmission failed too).
    let reasons: [RetransmissionReason]
    /// From the first write to the outcome, on the injected clock.
    let elapsed: Duration
    /// The port as the transport names it.
    let port: String
}
