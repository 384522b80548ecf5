/// Why a text is not a valid GTIN-14; worded to finish a sentence that names where the value came from.
public enum GTINProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not exactly 14 characters.
    case wrongLength(found: Int)
    /// Something other than the digits 0-9.
    case notDigits
    /// The last digit does not match the GS1 mod-10 check digit of the first 13.
    case checkDigit(found: Int, expected: Int)

    /// The problem, in words (no leading capital: it follows a field name).
    public var description: String {
        switch self {
        case .wrongLength(let found):
            return "expected 14 digits (write a GTIN-13 with a leading 0), found \(found) characters"
        case .notDigits:
            return "expected 14 digits 0-9 only"
        case .checkDigit(let found, let expected):
            return "check digit is \(found) but the first 13 digits require \(expected); the number was misread or mistyped"
        }
    }
}
