import Foundation
import FuzzSupport
import Scanning

/// Feeds arbitrary bytes, as the text a scanner or a keyboard could deliver, to the GS1 element string parser and,
/// when a scan parses, to the vial check against the real site product list.
///
/// A scanner in keyboard-wedge mode may hand over any bytes, so each input is read two ways: as UTF-8 with invalid
/// sequences repaired (what `String(decoding:)` gives a caller reading a tty) and, when it has bytes above 0x7F, as
/// ISO 8859-1 (one scalar per byte, so every control character, GS included, arrives intact). Each text is parsed
/// against several reference days, because the two-digit expiry year is read relative to "today".
enum GS1FuzzTarget {
    /// Today at a site (2026-05-15), a leap day at a century boundary, and both ends of `CalendarDay`'s range, where
    /// the century rule can step outside years 1-9999.
    static let referenceDays: [CalendarDay] = {
        let days = [(2026, 5, 15), (2000, 2, 29), (1, 1, 1), (9999, 12, 31)].compactMap {
            CalendarDay(year: $0.0, month: $0.1, day: $0.2)
        }
        FuzzInvariant.require(days.count == 4, "a reference day of the harness does not exist")
        return days
    }()

    /// Parses and checks `bytes`; the outcome reported is the UTF-8 reading at the first reference day.
    static func run(_ bytes: Data) -> FuzzOutcome {
        var texts = [String(decoding: bytes, as: UTF8.self)]
        if bytes.contains(where: { $0 >= 0x80 }) {
            texts.append(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
        }
        var outcomes: [FuzzOutcome] = []
        for text in texts {
            for day in referenceDays {
                outcomes.append(check(text, referenceDay: day))
            }
        }
        return outcomes.first ?? .refused(reason: "no reference day")
    }

    /// One text at one reference day: parse; on success check the scan's promises and the vial check around expiry.
    private static func check(_ text: String, referenceDay: CalendarDay) -> FuzzOutcome {
        let scan: GS1ElementString
        do {
            scan = try GS1ElementString.parse(text, referenceDay: referenceDay)
        } catch {
            FuzzInvariant.require(!error.description.isEmpty, "a GS1ParseError has an empty message")
            return .refused(reason: error.description)
        }
        ScanInvariants.check(scan, text: text, referenceDay: referenceDay)
        var days = [referenceDay]
        if let lastDay = scan.expiry?.lastDayOfUse {
            // The expiry edge: usable through the whole last day, expired the day after.
            days.append(lastDay)
            if let next = IndependentCalendar.dayAfter(lastDay) { days.append(next) }
        }
        var vial = ""
        for today in days {
            let result = VialCheckOracle.check(scan, today: today)
            if today == referenceDay { vial = result }
        }
        let fields = [scan.gtin.map { "gtin \($0)" }, scan.expiry.map { "expiry \($0)" }, scan.batchLot.map { "lot \($0)" },
                      scan.serial.map { "serial \($0)" }].compactMap { $0 }
        return .accepted(summary: fields.joined(separator: ", ") + "; vial check on \(referenceDay): \(vial)")
    }
}
