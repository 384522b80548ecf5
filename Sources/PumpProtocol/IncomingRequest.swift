/// What a pump does with one output of its `FrameDecoder` (docs/protocol.md §4.3), decided in one place so every
/// pump implementation answers damaged, foreign and malformed frames alike.
public enum IncomingRequest: Sendable, Hashable {
    /// Say nothing: noise, a frame for another pump, a reply or event, or a frame whose header cannot be trusted.
    case ignore
    /// Send this `NAK crc`. Not executed, not cached, and it does not feed the watchdog.
    case damaged(nak: Frame)
    /// Send this `NAK malformed`. Not executed, not cached; it feeds the watchdog (the controller is alive).
    case malformed(nak: Frame)
    /// A valid request for this pump: feed the watchdog, then consult the `ReplyCache`.
    case request(Frame)

    /// Classifies a decoder output for the pump at `pumpAddress`.
    public init(_ output: FrameDecoder.Output, pumpAddress: PumpAddress) {
        switch output {
        case .frame(let frame):
            self = frame.kind == .command && frame.address == pumpAddress ? .request(frame) : .ignore
        case .error(.badCrc(.some(let header), _, _)) where header.kind == .command && header.address == pumpAddress:
            self = .damaged(nak: PumpReply.nak(.badCrc).frame(answering: header))
        case .error(.malformed(_, .some(let header))) where header.kind == .command && header.address == pumpAddress:
            self = .malformed(nak: PumpReply.nak(.malformed).frame(answering: header))
        case .error:
            self = .ignore
        }
    }

    /// True when the frame proves the controller is alive: it restarts the watchdog and clears `commlost`'s cause.
    public var feedsWatchdog: Bool {
        switch self {
        case .request, .malformed: return true
        case .ignore, .damaged: return false
        }
    }
}
