/// How well the link to one pump works, as the monitor sees it.
public enum LinkHealth: Sendable, Hashable, CustomStringConvertible {
    /// Requests are answered at the first transmission.
    case connected
    /// Requests are answered, but retransmissions were needed recently: a noisy line, a loose connector.
    case degraded
    /// A request went unanswered after every retransmission, or the transport failed; the monitor is reconnecting.
    case lost(reason: String)

    /// True when both are the same case, whatever the reason of `lost`.
    func isSameCase(as other: LinkHealth) -> Bool {
        switch (self, other) {
        case (.connected, .connected), (.degraded, .degraded), (.lost, .lost): return true
        default: return false
        }
    }

    /// `connected`, `degraded`, `lost: ...`.
    public var description: String {
        switch self {
        case .connected: return "connected"
        case .degraded: return "degraded (retransmissions needed)"
        case .lost(let reason): return "lost: \(reason)"
        }
    }
}
