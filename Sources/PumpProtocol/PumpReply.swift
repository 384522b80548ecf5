/// A pump's answer to one request (docs/protocol.md §7, §8): ACK with typed data, or NAK with a reason.
///
/// The simulator builds the reply frame with `frame(answering:)` from the request's header; the driver decodes it
/// with `init(frame:)` after checking `FrameHeader.answers(_:)`.
public enum PumpReply: Sendable, Hashable {
    /// The request was executed.
    case ack(AckData)
    /// The request was refused.
    case nak(NakReason)

    /// The reply frame for a request: the request's address, sequence and code; kind `ACK` or `NAK`.
    ///
    /// The ACK data must be the one of the request's command (§7): a status for STATUS, an identity for IDENTIFY...
    public func frame(answering request: FrameHeader) -> Frame {
        switch self {
        case .ack(let data):
            return Frame(
                unchecked: FrameHeader(address: request.address, sequence: request.sequence, kind: .ack, code: request.code),
                fields: data.fields)
        case .nak(let reason):
            return Frame(
                unchecked: FrameHeader(address: request.address, sequence: request.sequence, kind: .nak, code: request.code),
                fields: reason.fields)
        }
    }

    /// Decodes a reply frame (kind `ACK` or `NAK`). Unknown keys are ignored (minor versions add fields); anything
    /// else that is wrong is thrown, never guessed around.
    public init(frame: Frame) throws(MessageError) {
        switch frame.kind {
        case .ack: self = .ack(try AckData(reading: frame))
        case .nak: self = .nak(try NakReason(reading: frame))
        case .command, .event: throw .unexpectedKind(frame.kind)
        }
    }
}
