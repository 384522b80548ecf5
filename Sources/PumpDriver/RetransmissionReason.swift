/// Why a request was transmitted again with the identical bytes (docs/protocol.md §5.4).
public enum RetransmissionReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No matching reply arrived before the reply deadline.
    case noReply
    /// The pump answered `NAK crc`: the request arrived damaged and was not executed.
    case damagedRequest

    /// `no reply` / `received damaged`, for logs and messages.
    public var description: String {
        switch self {
        case .noReply: return "no reply"
        case .damagedRequest: return "received damaged (NAK crc)"
        }
    }
}
