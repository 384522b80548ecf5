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
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
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
