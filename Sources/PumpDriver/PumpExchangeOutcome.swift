/// How one request ended, as the journal records it.
public enum PumpExchangeOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The matching reply, as on the wire without CR LF (`$01|0005|ACK|STRT|081|state=running;...|169F`).
    case reply(String)
    /// No matching reply after every transmission: whether the pump executed the request is unknown.
    case noReply
    /// The transport failed after the request was written, perhaps in part: whether it executed is unknown.
    case linkFailed(String)
    /// The line was down; nothing was written.
    case notSent(String)

    /// The reply text, or what happened instead.
    public var description: String {
        switch self {
        case .reply(let text): return text
        case .noReply: return "no reply"
        case .linkFailed(let detail): return "link failed: \(detail)"
        case .notSent(let detail): return "not sent: \(detail)"
        }
    }
}
