import Foundation

/// ISO 8601 times as the command line and JSON use them: parsed strictly (a time zone is required), written in UTC.
public enum Timestamp {
    /// Parses `2026-11-26T08:00:00Z`, `2026-11-26T16:00:00+08:00` or with fractional seconds; nil otherwise.
    ///
    /// A time without a zone is refused: in a hospital spanning zones, or around a daylight-saving change, a bare
    /// local time could move a dose by hours.
    public static func parse(_ text: String) -> Date? {
        guard text.count <= 40, text.contains("T") else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        return writtenAsGiven(date, text) ? date : nil
    }

    /// The earliest year accepted: nothing in this domain happened before it, and year 0 is a typing error.
    public static let earliestYear = 1970

    /// True when `date`, written back in the text's own UTC offset, shows the same calendar fields as `text`.
    ///
    /// The formatter rolls impossible fields over (`2026-02-30` silently becomes 2 March) instead of refusing them;
    /// a dose time must be exactly the one typed.
    private static func writtenAsGiven(_ date: Date, _ text: String) -> Bool {
        let fields = Array(text.prefix(19))
        guard fields.count == 19, let year = Int(String(fields[0..<4])), year >= earliestYear else { return false }
        var offsetSeconds = 0
        if !text.hasSuffix("Z") && !text.hasSuffix("z") {
            let zone = text.suffix(6)
            guard zone.count == 6, let sign = zone.first, sign == "+" || sign == "-",
                  let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2)) else { return false }
            offsetSeconds = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return false }
        let writer = ISO8601DateFormatter()
        writer.timeZone = zone
        writer.formatOptions = [.withFullDate, .withTime, .withDashSeparatorInDate, .withColonSeparatorInTime]
        return writer.string(from: date) == String(fields)
    }

    /// Writes `date` in UTC, `2026-11-26T08:00:00Z`, with milliseconds only when it has a fraction of a second.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        let seconds = date.timeIntervalSince1970
        if seconds.rounded(.down) == seconds {
            formatter.formatOptions = [.withInternetDateTime]
        } else {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        }
        return formatter.string(from: date)
    }
}
