import Discovery
import PumpProtocol
import Transport

/// The timing and retransmission rules of one line (docs/protocol.md §4.1, §5.4, §12), from the pump profile.
///
/// Kept as one value so the command line, the workflow and the tests configure a line the same way, and so nothing in
/// the driver hard-codes a timeout a profile may change.
public struct PumpLinkTiming: Sendable, Hashable {
    /// How long the driver waits for the matching reply, from the request's LF to the reply's LF (§12): 500 ms at
    /// 38400 baud and above, 1000 ms below and through a TCP device server.
    public var replyTimeout: Duration
    /// Retransmissions of the identical bytes after the first transmission (§5.4: at most 3, so 4 in total).
    public var retryCount: Int
    /// Silence after which a partial frame is abandoned (§4.1: 250 ms).
    public var interByteTimeout: Duration
    /// The line speed, to know when the request's LF has left (end of write + wire time of the frame); nil through a
    /// TCP device server, whose line speed this side does not see.
    public var baudRate: BaudRate?
    /// The pause after a reply before the next request (§12, RS-485 turnaround: at least 2 ms).
    public var turnaround: Duration

    /// Creates timing; the defaults are those of docs/protocol.md §12 for a serial line at 38400 baud.
    public init(
        replyTimeout: Duration = ProtocolTiming.replyTimeout,
        retryCount: Int = ProtocolTiming.maximumRetransmissions,
        interByteTimeout: Duration = ProtocolTiming.interByteTimeout,
        baudRate: BaudRate? = .protocolDefault,
        turnaround: Duration = ProtocolTiming.busTurnaround
    ) {
        self.replyTimeout = replyTimeout
        self.retryCount = max(0, retryCount)
        self.interByteTimeout = interByteTimeout
        self.baudRate = baudRate
        self.turnaround = turnaround
    }

    /// The timing a profile gives (its reply timeout, retry count and baud rate); through TCP the reply timeout is at
    /// least the protocol's slow-link value and no wire time is added.
    public init(profile: PumpProfile, overTCP: Bool) {
        let timeout = overTCP ? max(profile.replyTimeout, ProtocolTiming.slowLinkReplyTimeout) : profile.replyTimeout
        self.init(replyTimeout: timeout, retryCount: profile.retryCount, baudRate: overTCP ? nil : profile.baudRate)
    }

    /// The protocol's recommended timing for an endpoint when no profile applies (§12).
    public static func protocolDefaults(for endpoint: Endpoint) -> PumpLinkTiming {
        switch endpoint {
        case .tty(_, let baudRate), .serialPort(_, let baudRate):
            return PumpLinkTiming(
                replyTimeout: ProtocolTiming.replyTimeout(baudRate: baudRate.bitsPerSecond, overTCP: false),
                baudRate: baudRate)
        case .tcp:
            return PumpLinkTiming(replyTimeout: ProtocolTiming.slowLinkReplyTimeout, baudRate: nil)
        }
    }

    /// Wire time of `byteCount` bytes at this line's speed (zero through TCP).
    func wireTime(byteCount: Int) -> Duration {
        guard let baudRate else { return .zero }
        return ProtocolTiming.wireTime(byteCount: byteCount, baudRate: baudRate.bitsPerSecond)
    }
}
