/// The pump's memory of its last executed request and reply (docs/protocol.md §5.3): what makes every request
/// execute at most once however often it is retransmitted.
///
/// One cache per pump address; volatile (a new one after power-up). Frames are compared as values, which is the
/// same as comparing bytes because the wire form is canonical.
public struct ReplyCache: Sendable {
    /// What to do with a valid request.
    public enum Decision: Sendable, Hashable {
        /// A new request: execute it, send the reply, then `record` both.
        case execute
        /// A retransmission: send these cached reply bytes again and execute nothing.
        case resend(Frame)
        /// Same sequence number, different request: send this NAK, execute nothing, record nothing.
        case sequenceReused(nak: Frame)
    }

    private var last: (request: Frame, reply: Frame)?

    /// An empty cache, as after power-up.
    public init() {}

    /// Decides how to answer `request` (a valid `CMD` frame for this pump).
    public func decide(for request: Frame) -> Decision {
        guard let last, last.request.sequence == request.sequence else { return .execute }
        if last.request == request { return .resend(last.reply) }
        return .sequenceReused(nak: PumpReply.nak(.sequenceReused).frame(answering: request.header))
    }

    /// Remembers an executed request and the reply sent for it (every ACK and every NAK of execution).
    public mutating func record(request: Frame, reply: Frame) {
        last = (request, reply)
    }
}
