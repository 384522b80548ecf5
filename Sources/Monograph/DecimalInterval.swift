import ConfigFile
import Foundation

/// An interval of exact decimals written as in mathematics: `[0, 30)`, `(3, 5]`, `[65, inf)`.
///
/// The label writes its bands with explicit ends ("ANC 0.5～1", "> 3～5 倍 ULN"), and a band edge decides between a
/// dose and a hold; the notation keeps each end's inclusion visible to the reviewer of the monograph.
public struct DecimalInterval: Sendable, Hashable, CustomStringConvertible {
    /// The lower end.
    public let lower: Decimal
    /// Whether `lower` itself belongs to the interval.
    public let includesLower: Bool
    /// The upper end, or nil for no upper end (`inf`).
    public let upper: Decimal?
    /// Whether `upper` itself belongs to the interval.
    public let includesUpper: Bool

    /// Creates an interval; the caller guarantees `lower <= upper`.
    public init(lower: Decimal, includesLower: Bool, upper: Decimal?, includesUpper: Bool) {
        self.lower = lower
        self.includesLower = includesLower
        self.upper = upper
        self.includesUpper = upper == nil ? false : includesUpper
    }

    /// Parses `[a, b]`, `[a, b)`, `(a, b]`, `(a, b)` or `[a, inf)`; nil when malformed or empty.
    public init?(notation: String) {
        let text = notation.trimmingCharacters(in: .whitespaces)
        guard let first = text.first, let last = text.last, text.count >= 5 else { return nil }
        guard first == "[" || first == "(", last == "]" || last == ")" else { return nil }
        let body = text.dropFirst().dropLast()
        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let low = StrictDecimal.parse(parts[0]) else { return nil }
        let high: Decimal?
        if parts[1] == "inf" {
            guard last == ")" else { return nil }
            high = nil
        } else {
            guard let value = StrictDecimal.parse(parts[1]) else { return nil }
            high = value
        }
        if let high {
            if high < low { return nil }
            if high == low && !(first == "[" && last == "]") { return nil }
        }
        self.init(lower: low, includesLower: first == "[", upper: high, includesUpper: last == "]")
    }

    /// Whether `value` lies in the interval.
    public func contains(_ value: Decimal) -> Bool {
        if includesLower ? value < lower : value <= lower { return false }
        if let upper, includesUpper ? value > upper : value >= upper { return false }
        return true
    }

    /// Whether the two intervals share at least one value.
    public func overlaps(_ other: DecimalInterval) -> Bool {
        !(endsBefore(other) || other.endsBefore(self))
    }

    /// Whether every value of this interval is below every value of `other`.
    private func endsBefore(_ other: DecimalInterval) -> Bool {
        guard let upper else { return false }
        if upper < other.lower { return true }
        if upper == other.lower { return !(includesUpper && other.includesLower) }
        return false
    }

    /// The mathematical notation, as written in the monograph.
    public var description: String {
        let high = upper.map { "\($0)" } ?? "inf"
        return "\(includesLower ? "[" : "(")\(lower), \(high)\(includesUpper ? "]" : ")")"
    }

    /// Words for a message: "between 3 and 300", "at least 65", "below 2".
    public var phrase: String {
        guard let upper else {
            return includesLower ? "at least \(lower)" : "above \(lower)"
        }
        if includesLower && includesUpper { return "between \(lower) and \(upper)" }
        return "in \(description)"
    }
}
