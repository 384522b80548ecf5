import Foundation

/// Exact decimal numbers from text, for clinical quantities (mg, mL, kg) that must never pass through binary floating point.
///
/// `Decimal(string:)` alone accepts `12abc` as 12 and `1e3` as 1000; a dose must not be read that loosely. Only plain
/// decimal notation is accepted: an optional minus sign, digits, and optionally a point followed by digits.
public enum StrictDecimal {
    /// The most digits accepted in a number; more is not a measurement but an accident (or an attack).
    public static let maximumDigits = 18

    /// Parses `text` as a plain decimal number, or returns nil.
    public static func parse(_ text: String) -> Decimal? {
        var digits = 0
        var sawPoint = false
        var digitsAfterPoint = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "-" where offset == 0:
                continue
            case "0"..."9":
                digits += 1
                if sawPoint { digitsAfterPoint += 1 }
            case "." where !sawPoint && digits > 0:
                sawPoint = true
            default:
                return nil
            }
        }
        guard digits > 0, digits <= maximumDigits, !sawPoint || digitsAfterPoint > 0 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
