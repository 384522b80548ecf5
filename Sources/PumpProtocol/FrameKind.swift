/// What a frame is (docs/protocol.md §3): a client request, a positive or negative reply, or a pump event.
///
/// The raw value is the 3-letter field on the wire, chosen to be readable in a serial capture.
public enum FrameKind: String, Sendable, Hashable, CaseIterable {
    /// `CMD`: a request from the client.
    case command = "CMD"
    /// `ACK`: the pump executed the request; the payload carries the result.
    case ack = "ACK"
    /// `NAK`: the pump refused the request; the payload says why.
    case nak = "NAK"
    /// `EVT`: an unsolicited alarm report from the pump (point-to-point links only).
    case event = "EVT"
}
