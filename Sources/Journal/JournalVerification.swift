/// The outcome of checking a whole journal: intact, or the first defect.
///
/// A two-case enum rather than a Bool so a caller cannot use the result without deciding what a broken journal means.
public enum JournalVerification: Sendable, Equatable {
    /// Every entry is present, unaltered, in order, and the head anchor vouches for the end.
    case intact(JournalIntegrity)
    /// The first thing found wrong.
    case broken(JournalDefect)

    /// True for `.intact`.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
