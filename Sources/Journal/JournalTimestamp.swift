import Foundation

/// A UTC instant with millisecond resolution, as the journal records it.
///
/// The journal never reads a clock: the caller passes the time of every entry. It is kept as whole milliseconds since
/// 1970-01-01T00:00:00Z so that the text form (`2025-03-14T09:26:53.589Z`, what is hashed and exported) and the value
/// always agree exactly, and it is formatted by plain arithmetic (no formatter, locale or time zone database).
/// Pure: no I/O, no clock.
public struct JournalTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public let millisecondsSince1970: Int64

    /// The earliest accepted instant, 1970-01-01T00:00:00.000Z: no journal entry can predate the epoch.
    public static let earliest = JournalTimestamp(uncheckedMilliseconds: 0)
    /// The latest accepted instant, 9999-12-31T23:59:59.999Z: the text form has exactly four year digits.
    public static let latest = JournalTimestamp(uncheckedMilliseconds: 253_402_300_799_999)

    private init(uncheckedMilliseconds: Int64) {
        millisecondsSince1970 = uncheckedMilliseconds
    }

    /// The instant `milliseconds` after the epoch, or nil outside `earliest...latest`.
    public init?(millisecondsSince1970 milliseconds: Int64) {
        guard milliseconds >= Self.earliest.millisecondsSince1970, milliseconds <= Self.latest.millisecondsSince1970 else {
            return nil
        }
        millisecondsSince1970 = milliseconds
    }

    /// `date` rounded to the nearest millisecond, or nil when it is not finite or outside `earliest...latest`.
    public init?(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite, let whole = Int64(exactly: milliseconds) else { return nil }
        self.init(millisecondsSince1970: whole)
    }

    /// The same instant as a `Date`.
    public var date: Date {
        Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000)
    }

    /// ISO 8601 in UTC with milliseconds: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var iso8601: String {
        let days = millisecondsSince1970 / 86_400_000
        let millisecondOfDay = millisecondsSince1970 % 86_400_000
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T"
            + "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2)).\(Self.pad(millisecond, 3))Z"
    }

    /// The ISO 8601 text.
    public var description: String { iso8601 }

    /// Parses exactly the form `iso8601` writes (`YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC, three fraction digits); anything
    /// else, including a valid ISO 8601 variant such as an offset or no milliseconds, is refused with nil.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")]
        for (index, character) in separators where bytes[index] != character.asciiValue {
            return nil
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millisecond = number(20..<23),
              (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Self.daysSince1970(year: year, month: month, day: day)
        let total = days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond
        self.init(millisecondsSince1970: total)
    }

    /// Orders instants in time.
    public static func < (lhs: JournalTimestamp, rhs: JournalTimestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    // Days <-> civil date in the proleptic Gregorian calendar (H. Hinnant's algorithms), valid for years 0...9999.

    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
