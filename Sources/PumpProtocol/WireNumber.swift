import Foundation

/// Exact numbers on the wire (docs/protocol.md §6.1): plain decimal text, never binary floating point.
///
/// The same rule as `ConfigFile.StrictDecimal` (digits, optional point and digits; `Decimal(string:)` alone would
/// accept `12abc`), tightened for the wire: no sign, no leading zeros, and a per-field maximum of fraction digits
/// counted as written, so the pump refuses rather than rounds.
enum WireNumber {
    /// More integer digits than any field can hold: the value is out of range, whatever its fraction.
    static let maximumIntegerDigits = 12

    /// Parses a decimal, checking syntax, then precision, then the integer-digit bound.
    static func parseDecimal(_ text: String, maximumFractionDigits: Int) -> Result<Decimal, ValueProblem> {
        let bytes = Array(text.utf8)
        let integerPart: ArraySlice<UInt8>
        var fractionPart: ArraySlice<UInt8> = []
        if let point = bytes.firstIndex(of: UInt8(ascii: ".")) {
            integerPart = bytes[..<point]
            fractionPart = bytes[(point + 1)...]
            guard !fractionPart.isEmpty, fractionPart.allSatisfy(WireText.isDigit) else { return .failure(.syntax) }
        } else {
            integerPart = bytes[...]
        }
        guard isIntegerPart(integerPart) else { return .failure(.syntax) }
        guard fractionPart.count <= maximumFractionDigits else { return .failure(.precision) }
        guard integerPart.count <= maximumIntegerDigits else { return .failure(.range) }
        var mantissa: UInt64 = 0
        for digit in integerPart + fractionPart {
            mantissa = mantissa * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return .success(Decimal(sign: .plus, exponent: -fractionPart.count, significand: Decimal(mantissa)))
    }

    /// Parses a non-negative whole number.
    static func parseInteger(_ text: String) -> Result<Int, ValueProblem> {
        let bytes = Array(text.utf8)
        guard isIntegerPart(bytes[...]) else { return .failure(.syntax) }
        guard bytes.count <= maximumIntegerDigits else { return .failure(.range) }
        return .success(bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
    }

    /// `0` or a digit 1–9 followed by digits.
    private static func isIntegerPart(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, bytes.allSatisfy(WireText.isDigit) else { return false }
        return bytes.count == 1 || first != UInt8(ascii: "0")
    }

    /// The shortest plain form: no exponent, no trailing fraction zeros, no point for a whole number.
    static func format(_ value: Decimal) -> String {
        let text = value.description
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed.removeLast() }
        if trimmed.last == "." { trimmed.removeLast() }
        return String(trimmed)
    }

    /// Fraction digits of the shortest form.
    static func fractionDigits(of value: Decimal) -> Int {
        let text = format(value)
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    /// The first problem of a decimal value against its rule, or nil: the checks of the validating initialisers.
    static func problem(with value: Decimal, in range: ClosedRange<Decimal>, maximumFractionDigits: Int) -> ValueProblem? {
        if value.isNaN { return .syntax }
        if fractionDigits(of: value) > maximumFractionDigits { return .precision }
        if !range.contains(value) { return .range }
        return nil
    }
}
