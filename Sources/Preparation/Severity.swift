/// How much a reason weighs: `block` stops the preparation, `warning` needs attention, `info` is for the record.
public enum Severity: String, Sendable, Hashable, Codable {
    /// Nothing is to be prepared.
    case block
    /// Proceed only with the warning in mind.
    case warning
    /// For the record.
    case info
}
