import Foundation
import Testing
@testable import Scanning

/// Leap years, the GS1 century rule (GS1 General Specifications 7.12) and expiry dates, all worked by hand.
struct CalendarTests {
    @Test func leapYears() {
        #expect(CalendarDay.isLeapYear(2024))
        #expect(!CalendarDay.isLeapYear(2025))
        #expect(CalendarDay.isLeapYear(2000))   // divisible by 400
        #expect(!CalendarDay.isLeapYear(2100))  // century not divisible by 400
    }

    @Test func nonexistentDaysAreRefused() {
        #expect(CalendarDay(year: 2025, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2025, month: 4, day: 31) == nil)
        #expect(CalendarDay(year: 2025, month: 13, day: 1) == nil)
        #expect(CalendarDay(year: 2025, month: 1, day: 0) == nil)
    }

    @Test func daysPrintAsISO8601() throws {
        #expect(try #require(CalendarDay(year: 2026, month: 2, day: 8)).description == "2026-02-08")
    }

    @Test func daysCompareInCalendarOrder() throws {
        let endOfMonth = try #require(CalendarDay(year: 2026, month: 1, day: 31))
        let nextMonth = try #require(CalendarDay(year: 2026, month: 2, day: 1))
        let nextYear = try #require(CalendarDay(year: 2027, month: 1, day: 1))
        #expect(endOfMonth < nextMonth)
        #expect(nextMonth < nextYear)
        #expect(!(nextMonth < nextMonth))
    }

    /// 1772296200 s after the epoch is 2026-02-28 16:30 UTC (20512 days * 86400 + 59400 s),
    /// which is already 2026-03-01 00:30 in Shanghai (UTC+8).
    @Test func instantBecomesTheSiteDay() throws {
        let instant = Date(timeIntervalSince1970: 1_772_296_200)
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(CalendarDay(instant, in: shanghai) == CalendarDay(year: 2026, month: 3, day: 1))
        #expect(CalendarDay(instant, in: utc) == CalendarDay(year: 2026, month: 2, day: 28))
    }

    /// (two-digit year, reference year, expected year): YY - (reference mod 100) of 51...99 is the previous
    /// century, of -99...-50 the next, otherwise the reference's own century.
    @Test(arguments: [
        (75, 2025, 2075),  // difference 50: current century
        (76, 2025, 1976),  // difference 51: previous century
        (99, 2025, 1999),  // difference 74
        (0, 2025, 2000),   // difference -25
        (50, 2000, 2050),  // difference 50
        (51, 2000, 1951),  // difference 51
        (10, 2060, 2110),  // difference -50: next century
        (11, 2060, 2011),  // difference -49: current century
        (0, 2099, 2100),   // difference -99
        (49, 2099, 2149),  // difference -50
        (50, 2099, 2050),  // difference -49
        (26, 2026, 2026),  // difference 0
    ])
    func centuryRule(twoDigitYear: Int, referenceYear: Int, expected: Int) {
        #expect(GS1Century.year(forTwoDigitYear: twoDigitYear, referenceYear: referenceYear) == expected)
    }

    /// (YYMMDD, reference year, expected last day of use as ISO text, or nil when not a date).
    @Test(arguments: [
        ("251231", 2026, "2025-12-31"),
        ("240200", 2026, "2024-02-29"),  // day 00 in a leap year: 29 February
        ("250200", 2026, "2025-02-28"),  // day 00 in a common year
        ("260400", 2026, "2026-04-30"),  // day 00 in a 30-day month
        ("001200", 2026, "2000-12-31"),
        ("000200", 2025, "2000-02-29"),  // 2000 is a leap year
        ("000200", 2060, "2100-02-28"),  // read as 2100, which is not a leap year
        ("000229", 2025, "2000-02-29"),
    ] as [(String, Int, String)])
    func expiryDates(yymmdd: String, referenceYear: Int, expected: String) throws {
        let expiry = try #require(ExpiryDate.resolve(yymmdd: yymmdd, referenceYear: referenceYear))
        #expect(expiry.lastDayOfUse.description == expected)
        #expect(expiry.yymmdd == yymmdd)
    }

    @Test(arguments: [
        ("261332", 2026),  // month 13
        ("261300", 2026),  // month 13 with day 00
        ("260001", 2026),  // month 00
        ("260229", 2026),  // 29 February 2026 does not exist
        ("000229", 2060),  // 2100-02-29 does not exist
        ("250431", 2026),  // 31 April
        ("26123", 2026),   // five digits
        ("26123A", 2026),  // not digits
    ] as [(String, Int)])
    func notDates(yymmdd: String, referenceYear: Int) {
        #expect(ExpiryDate.resolve(yymmdd: yymmdd, referenceYear: referenceYear) == nil)
    }
}
