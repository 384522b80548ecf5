import Scanning

/// Gregorian calendar arithmetic written out again for the oracles, so that `CalendarDay`'s own rules are checked.
enum IndependentCalendar {
    /// Days in `month` of `year`: 30 days hath September, April, June and November; February 29 in leap years.
    static func daysIn(month: Int, year: Int) -> Int {
        if month == 2 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    /// The next day, or nil after 9999-12-31.
    static func dayAfter(_ day: CalendarDay) -> CalendarDay? {
        if day.day < daysIn(month: day.month, year: day.year) {
            return CalendarDay(year: day.year, month: day.month, day: day.day + 1)
        }
        if day.month < 12 { return CalendarDay(year: day.year, month: day.month + 1, day: 1) }
        return CalendarDay(year: day.year + 1, month: 1, day: 1)
    }

    /// Whether `a` is a later day than `b`, compared field by field.
    static func isAfter(_ a: CalendarDay, _ b: CalendarDay) -> Bool {
        if a.year != b.year { return a.year > b.year }
        if a.month != b.month { return a.month > b.month }
        return a.day > b.day
    }
}
