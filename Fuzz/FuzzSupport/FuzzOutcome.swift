/// What one fuzz input did: the code under test accepted it or refused it with an error.
///
/// Both are normal. The outcome exists for the replay runner, which prints it per file so that a person reading a
/// seed corpus can see which seeds reach deep (accepted) and which exercise a refusal, and why.
public enum FuzzOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The input was accepted; `summary` says what was read.
    case accepted(summary: String)
    /// The input was refused; `reason` is the error's message as a user would see it.
    case refused(reason: String)

    /// `accepted: ...` or `refused: ...`, one line.
    public var description: String {
        switch self {
        case .accepted(let summary): return "accepted: \(summary)"
        case .refused(let reason): return "refused: \(reason)"
        }
    }

    /// True for ``accepted(summary:)``.
    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
