/// The fixed-width header fields of a frame: who it is for, which request, what kind, which command.
///
/// Kept apart from `Frame` because a pump must answer a damaged request (`NAK crc`) from its header alone, and a
/// reply is built from the header of the request it answers.
public struct FrameHeader: Sendable, Hashable, CustomStringConvertible {
    /// The pump the frame is for (requests) or from (replies, events).
    public let address: PumpAddress
    /// The request's sequence number (requests and replies) or the pump's event sequence (events).
    public let sequence: SequenceNumber
    /// Request, reply or event.
    public let kind: FrameKind
    /// The command code; replies repeat the request's.
    public let code: CommandCode

    /// Creates a header.
    public init(address: PumpAddress, sequence: SequenceNumber, kind: FrameKind, code: CommandCode) {
        self.address = address
        self.sequence = sequence
        self.kind = kind
        self.code = code
    }

    /// True when a frame with this header is the reply to `request`: kind `ACK` or `NAK` with the request's
    /// address, sequence and code (docs/protocol.md §5.1). Everything else must be ignored while waiting.
    public func answers(_ request: FrameHeader) -> Bool {
        (kind == .ack || kind == .nak) && request.kind == .command && address == request.address
            && sequence == request.sequence && code == request.code
    }

    /// `AA|SSSS|KKK|CCCC`, as in a capture.
    public var description: String { "\(address)|\(sequence)|\(kind.rawValue)|\(code)" }
}
