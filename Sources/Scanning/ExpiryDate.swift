/// An expiry date from AI (17): the six digits as scanned and the last day on which the product may be used.
///
/// The raw digits are kept for the record (what the pack said); the resolved day is what decisions use.
public struct ExpiryDate: Hashable, Sendable, CustomStringConvertible {
    /// The YYMMDD digits exactly as scanned.
    public let yymmdd: String
    /// The last day of use: the date itself, or the last day of the month when the day digits are 00.
    public let lastDayOfUse: CalendarDay

    /// Creates an expiry date from its parts; used by the parser and by tests that build scans by hand.
    public init(yymmdd: String, lastDayOfUse: CalendarDay) {
        self.yymmdd = yymmdd
        self.lastDayOfUse = lastDayOfUse
    }

    /// Reads six digits YYMMDD with the GS1 century rule relative to `referenceYear`; nil when the date does not
    /// exist. Day 00 means the last day of the month (GS1: "if only year and month are available, DD must be filled
    /// with two zeroes"), including 29 February in a leap year.
    public static func resolve(yymmdd: String, referenceYear: Int) -> ExpiryDate? {
        let scalars = Array(yymmdd.unicodeScalars)
        guard scalars.count == 6, scalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        func pair(_ start: Int) -> Int {
            (Int(scalars[start].value) - 48) * 10 + Int(scalars[start + 1].value) - 48
        }
        let year = GS1Century.year(forTwoDigitYear: pair(0), referenceYear: referenceYear)
        let month = pair(2)
        var day = pair(4)
        if day == 0 { day = CalendarDay.daysIn(month: month, year: year) }
        guard let lastDay = CalendarDay(year: year, month: month, day: day) else { return nil }
        return ExpiryDate(yymmdd: yymmdd, lastDayOfUse: lastDay)
    }

    /// `2026-02-28 (AI 17: 260200)`.
    public var description: String { "\(lastDayOfUse) (AI 17: \(yymmdd))" }
}
