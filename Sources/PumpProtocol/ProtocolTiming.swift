/// The timing rules of docs/protocol.md §12, as durations the driver and the simulator share.
///
/// All are wall-clock durations; the simulator's infusion clock factor never applies to them.
public enum ProtocolTiming {
    /// The pump starts transmitting its reply within this time after the request's LF.
    public static let replyDeadline: Duration = .milliseconds(100)
    /// The longest gap a sender leaves between two bytes of one frame.
    public static let maximumSenderGap: Duration = .milliseconds(10)
    /// A receiver abandons a partial frame after this silence (`FrameDecoder.abandonPartialFrame()`).
    public static let interByteTimeout: Duration = .milliseconds(250)
    /// RS-485: the pump does not reply earlier than this after the request's LF; the client waits this long after
    /// a reply before its next request.
    public static let busTurnaround: Duration = .milliseconds(2)
    /// Recommended client reply timeout at 38400 baud and above, from the request's LF to the reply's LF.
    public static let replyTimeout: Duration = .milliseconds(500)
    /// Recommended client reply timeout at 9600 and 19200 baud and through TCP device servers.
    public static let slowLinkReplyTimeout: Duration = .milliseconds(1000)
    /// Retransmissions per request after the first transmission (4 transmissions in total).
    public static let maximumRetransmissions = 3
    /// The pump raises `commlost` no later than this after the watchdog period.
    public static let watchdogTolerance: Duration = .seconds(1)
    /// An event follows its alarm within this time.
    public static let eventLatency: Duration = .seconds(1)

    /// Wire time of `byteCount` bytes at `baudRate` with 8N1 framing (10 bits per byte).
    public static func wireTime(byteCount: Int, baudRate: Int) -> Duration {
        .microseconds(Int64(byteCount) * Int64(SerialDefaults.bitsPerByte) * 1_000_000 / Int64(max(baudRate, 1)))
    }

    /// The recommended reply timeout for a link: 500 ms at 38400 baud and above, 1000 ms below or over TCP.
    public static func replyTimeout(baudRate: Int, overTCP: Bool) -> Duration {
        overTCP || baudRate < SerialDefaults.baudRate ? slowLinkReplyTimeout : replyTimeout
    }

    /// How often a client sends a frame to a running pump: a third of the watchdog period.
    public static func keepAliveInterval(watchdogSeconds: Int) -> Duration {
        .milliseconds(Int64(watchdogSeconds) * 1000 / 3)
    }
}
