/// What is wrong with a field value (docs/protocol.md §6.1, §8); sent as `problem=` in a `badValue` NAK.
public enum ValueProblem: String, Error, Sendable, Hashable, CaseIterable {
    /// Not a number / not the right form / a character that is not allowed.
    case syntax
    /// A well-formed value outside the accepted range (for rate and VTBI: the pump's hard limits).
    case range
    /// More fraction digits than the field allows; the pump never rounds a programmed value.
    case precision
    /// A text that is too short or too long.
    case length
}
