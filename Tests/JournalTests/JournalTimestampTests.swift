import Foundation
import Journal
import Testing

@Suite("Timestamps: UTC to the millisecond, formatted by arithmetic")
struct JournalTimestampTests {
    // Expected texts from `date -u -d @SECONDS`: 0 -> 1970-01-01 00:00:00, 951868799 -> 2000-02-29 23:59:59,
    // 1741944413 -> 2025-03-14 09:26:53, 253402300799 -> 9999-12-31 23:59:59.
    @Test("known instants format as YYYY-MM-DDTHH:MM:SS.mmmZ and parse back", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(951_868_799_999), "2000-02-29T23:59:59.999Z"),
        (Int64(1_741_944_413_589), "2025-03-14T09:26:53.589Z"),
        (Int64(253_402_300_799_999), "9999-12-31T23:59:59.999Z"),
    ])
    func knownInstants(milliseconds: Int64, text: String) throws {
        let timestamp = try #require(JournalTimestamp(millisecondsSince1970: milliseconds))
        #expect(timestamp.iso8601 == text)
        #expect(JournalTimestamp(iso8601: text)?.millisecondsSince1970 == milliseconds)
    }

    @Test("anything but the exact form is refused", arguments: [
        "2025-02-29T00:00:00.000Z", "2025-03-14T09:26:53Z", "2025-03-14T09:26:53.589+00:00", "2025-03-14 09:26:53.589Z",
        "2025-13-01T00:00:00.000Z", "2025-03-14T24:00:00.000Z", "2025-03-14T09:60:00.000Z", "2025-03-14T09:26:53.58Z",
        "2025-04-31T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "+025-03-14T09:26:53.589Z",
    ])
    func refused(text: String) {
        #expect(JournalTimestamp(iso8601: text) == nil)
    }

    @Test("a Date is rounded to the nearest millisecond; dates outside 1970...9999 are refused")
    func fromDate() {
        #expect(JournalTimestamp(Date(timeIntervalSince1970: 1_741_944_413.5894))?.millisecondsSince1970 == 1_741_944_413_589)
        #expect(JournalTimestamp(Date(timeIntervalSince1970: 1_741_944_413.5896))?.millisecondsSince1970 == 1_741_944_413_590)
        #expect(JournalTimestamp(Date(timeIntervalSince1970: -1)) == nil)
        #expect(JournalTimestamp(Date(timeIntervalSince1970: 253_402_300_800)) == nil)
        #expect(JournalTimestamp(Date(timeIntervalSince1970: .infinity)) == nil)
    }
}
