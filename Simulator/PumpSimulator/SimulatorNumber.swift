import Foundation

/// Strict number and duration text for flags, control lines and scenario files.
///
/// The same rule as `ConfigFile.StrictDecimal` (plain digits, optional point and digits; `Decimal(string:)` alone
/// accepts `12abc`), without a sign: nothing the simulator reads is negative. The simulator may not depend on
/// `ConfigFile` (docs/architecture.md), so the rule is restated here. Values are built from their digits, never
/// through binary floating point.
public enum SimulatorNumber {
    /// More digits than any simulator setting needs; longer text is an accident, not a value.
    public static let maximumDigits = 18

    /// A plain decimal `digits(.digits)?` with at most `maximumFractionDigits` fraction digits, or nil.
    public static func decimal(_ text: some StringProtocol, maximumFractionDigits: Int) -> Decimal? {
        let bytes = Array(text.utf8)
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var sawPoint = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint { fractionDigits.append(byte) } else { integerDigits.append(byte) }
            case UInt8(ascii: ".") where !sawPoint && !integerDigits.isEmpty:
                sawPoint = true
            default:
                return nil
            }
        }
        guard !integerDigits.isEmpty, !sawPoint || !fractionDigits.isEmpty,
            fractionDigits.count <= maximumFractionDigits,
            integerDigits.count + fractionDigits.count <= maximumDigits
        else { return nil }
        var mantissa: UInt64 = 0
        for digit in integerDigits + fractionDigits {
            mantissa = mantissa * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return Decimal(sign: .plus, exponent: -fractionDigits.count, significand: Decimal(mantissa))
    }

    /// A whole number of plain digits within `range`, or nil.
    public static func integer(_ text: some StringProtocol, in range: ClosedRange<Int>) -> Int? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumDigits,
            bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        let value = bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return range.contains(value) ? value : nil
    }

    /// Whole nanoseconds in `value` seconds, or nil when it is not a whole number of nanoseconds or too large.
    public static func nanoseconds(seconds value: Decimal) -> Int64? {
        let nanoseconds = value * 1_000_000_000
        guard nanoseconds >= 0, nanoseconds <= Decimal(Int64.max / 2) else { return nil }
        var source = nanoseconds
        var whole = Decimal()
        NSDecimalRound(&whole, &source, 0, .down)
        guard whole == nanoseconds else { return nil }
        return Int64(truncating: NSDecimalNumber(decimal: whole))
    }

    /// The units a duration may be written in, and their length in nanoseconds.
    static let durationUnits: [(suffix: String, nanoseconds: Int64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// What `duration(_:)` accepts, for error messages.
    public static let durationRule = "a number followed by ms, s, m or h (e.g. 500ms, 90s, 1.5m, 2h), at most 1000h"

    /// The longest duration accepted anywhere: far beyond any infusion, small enough for exact arithmetic.
    public static let maximumDuration: Duration = .seconds(1000 * 3600)

    /// A duration written `<decimal><unit>` (`500ms`, `90s`, `1.5m`, `2h`), or nil.
    public static func duration(_ text: some StringProtocol) -> Duration? {
        let string = String(text)
        // Longest suffix first so "ms" is not read as "m" + garbage.
        for (suffix, unit) in durationUnits.sorted(by: { $0.suffix.count > $1.suffix.count })
        where string.hasSuffix(suffix) {
            let number = string.dropLast(suffix.count)
            guard let value = decimal(number, maximumFractionDigits: 9) else { return nil }
            guard let nanoseconds = nanoseconds(seconds: value * Decimal(unit) / 1_000_000_000) else { return nil }
            let duration = Duration.nanoseconds(nanoseconds)
            return duration <= maximumDuration ? duration : nil
        }
        return nil
    }

    /// A duration as plain decimal seconds (`2.5`), the inverse of `nanoseconds(seconds:)`, for canonical echoes.
    public static func secondsText(_ duration: Duration) -> String {
        let value = Decimal(duration.nanosecondsClamped) / 1_000_000_000
        return plain(value)
    }

    /// The shortest plain form of a decimal (no exponent, no trailing fraction zeros).
    public static func plain(_ value: Decimal) -> String {
        let text = value.description
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed.removeLast() }
        if trimmed.last == "." { trimmed.removeLast() }
        return String(trimmed)
    }

    /// `value` with exactly `digits` fraction digits (the value already has at most that many), e.g. `12.500`.
    public static func fixed(_ value: Decimal, fractionDigits digits: Int) -> String {
        let text = plain(value)
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard digits > 0 else { return integer }
        return integer + "." + fraction.padding(toLength: digits, withPad: "0", startingAt: 0)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `Int64`; the simulator's time arithmetic is integer.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }
}
