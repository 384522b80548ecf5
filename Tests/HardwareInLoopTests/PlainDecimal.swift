import Foundation

/// Exact decimals for the tests: from the simulator's `vi=12.500` fields, and for expected values written by hand.
///
/// The same strict rule as `ConfigFile.StrictDecimal` (plain digits, an optional point and digits, no sign): text
/// such as `12abc` that `Decimal(string:)` would half-read is refused. Values are built from their digits, never
/// through binary floating point.
enum PlainDecimal {
    /// `digits(.digits)?` as an exact decimal, or nil.
    static func parse(_ text: some StringProtocol) -> Decimal? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count + (parts.count > 1 ? parts[1].count : 0) <= 18
        else { return nil }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty else { return nil }
        let digits = String(whole) + String(fraction)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let significand = UInt64(digits) else { return nil }
        return Decimal(sign: .plus, exponent: -fraction.count, significand: Decimal(significand))
    }

    /// `value` rounded up to a whole number (the `rem` rule of docs/protocol.md §9).
    static func ceiling(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 0, .up)
        return result
    }
}
