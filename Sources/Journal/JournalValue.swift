import Foundation

/// One JSON value inside an entry's `data` object.
///
/// The journal stores `data` as canonical JSON text and hashes that exact text, so the value model is deliberately
/// small and exact: numbers are `Decimal` (a dose of 12.5 mg stays 12.5, never 12.499999...), there is no floating
/// point, and object keys are plain strings. Build values with the cases or with literals:
/// `["doseMg": .number(doseMg), "pump": "P-1", "attempt": 2]`.
public enum JournalValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// JSON `true` / `false`.
    case bool(Bool)
    /// An exact decimal number; written without exponent or trailing zeros (`12.5`, `480`, `-0.25`).
    case number(Decimal)
    /// A string, stored exactly as given (no Unicode normalisation).
    case string(String)
    /// An ordered array.
    case array([JournalValue])
    /// An object; keys are written sorted by UTF-16 code units so the text is the same whatever the insertion order.
    case object([String: JournalValue])
}

extension JournalValue: ExpressibleByNilLiteral {
    /// `nil` reads as JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JournalValue: ExpressibleByBooleanLiteral {
    /// `true` / `false` read as JSON booleans.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JournalValue: ExpressibleByIntegerLiteral {
    /// Integer literals become exact decimals. (There is deliberately no float literal: `0.1` would pass through
    /// binary floating point; pass an exactly computed `Decimal` as `.number(...)` instead.)
    public init(integerLiteral value: Int) { self = .number(Decimal(value)) }
}

extension JournalValue: ExpressibleByStringLiteral {
    /// String literals read as JSON strings.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JournalValue: ExpressibleByStringInterpolation {}

extension JournalValue: ExpressibleByArrayLiteral {
    /// Array literals read as JSON arrays.
    public init(arrayLiteral elements: JournalValue...) { self = .array(elements) }
}

extension JournalValue: ExpressibleByDictionaryLiteral {
    /// Dictionary literals read as JSON objects. A repeated key keeps the last value, as in a Swift dictionary.
    public init(dictionaryLiteral elements: (String, JournalValue)...) {
        var object: [String: JournalValue] = [:]
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
