import FuzzSupport
import Scanning

/// What `GS1ElementString.parse` promises about every scan it accepts, restated independently of its code.
///
/// Every AI present has been validated (check digit, calendar date and century, GS1 character set 82, length),
/// every value is a contiguous piece of what was scanned, and a scan written back out in either form reads back
/// to the same fields. A broken promise aborts: a misread lot or expiry is as serious as a crash.
enum ScanInvariants {
    /// GS1 General Specifications figure 7.11-1, character set 82, listed here rather than taken from the module.
    static let characterSet82 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!\"%&'()*+,-./:;<=>?_".unicodeScalars)
    static let groupSeparator: Unicode.Scalar = "\u{1D}"

    /// Checks `scan`, parsed from `text` at `referenceDay`; aborts on the first broken promise.
    static func check(_ scan: GS1ElementString, text: String, referenceDay: CalendarDay) {
        let scalars = Array(text.unicodeScalars)
        FuzzInvariant.require(scalars.count <= 128, "accepted a scan of \(scalars.count) scalars, above the 128 limit")
        FuzzInvariant.require(scan.gtin != nil || scan.expiry != nil || scan.batchLot != nil || scan.serial != nil,
                              "accepted a scan with no field")
        FuzzInvariant.require(scan.wasBracketed == (scalars.first == "("), "wasBracketed \(scan.wasBracketed) for \(debug(text))")
        if let identifier = scan.symbologyIdentifier {
            FuzzInvariant.require(["]d2", "]C1", "]Q3"].contains(identifier) && !scan.wasBracketed
                                  && scalars.starts(with: identifier.unicodeScalars),
                                  "symbology identifier \(identifier) for \(debug(text))")
        }
        if let gtin = scan.gtin {
            let digits = Array(gtin.digits.unicodeScalars)
            FuzzInvariant.require(digits.count == 14 && digits.allSatisfy(isDigit), "GTIN '\(gtin.digits)' is not 14 digits")
            FuzzInvariant.require(checkDigitIsValid(digits.map { Int($0.value) - 48 }), "GTIN \(gtin.digits) has a bad check digit")
            FuzzInvariant.require(containsRun(scalars, digits), "GTIN \(gtin.digits) is not in \(debug(text))")
        }
        if let expiry = scan.expiry {
            checkExpiry(expiry, referenceDay: referenceDay)
            FuzzInvariant.require(containsRun(scalars, Array(expiry.yymmdd.unicodeScalars)),
                                  "expiry \(expiry.yymmdd) is not in \(debug(text))")
        }
        for (name, value) in [("lot", scan.batchLot), ("serial", scan.serial)] {
            guard let value else { continue }
            let valueScalars = Array(value.unicodeScalars)
            FuzzInvariant.require((1...20).contains(valueScalars.count) && valueScalars.allSatisfy(characterSet82.contains),
                                  "\(name) '\(debug(value))' is not 1-20 characters of set 82")
            FuzzInvariant.require(containsRun(scalars, valueScalars), "\(name) '\(value)' is not in \(debug(text))")
        }
        checkRoundTrips(scan, referenceDay: referenceDay)
    }

    /// YYMMDD resolved by the GS1 century rule: the year lies within 49 years before and 50 after the reference
    /// year and ends in YY; day 00 is the month's last day.
    private static func checkExpiry(_ expiry: ExpiryDate, referenceDay: CalendarDay) {
        let digits = Array(expiry.yymmdd.unicodeScalars)
        FuzzInvariant.require(digits.count == 6 && digits.allSatisfy(isDigit), "expiry digits '\(expiry.yymmdd)'")
        let values = digits.map { Int($0.value) - 48 }
        let (yy, mm, dd) = (values[0] * 10 + values[1], values[2] * 10 + values[3], values[4] * 10 + values[5])
        let day = expiry.lastDayOfUse
        FuzzInvariant.require(day.year % 100 == yy && (-49...50).contains(day.year - referenceDay.year),
                              "expiry \(expiry.yymmdd) read as year \(day.year) with reference year \(referenceDay.year)")
        FuzzInvariant.require(day.month == mm && (1...12).contains(mm), "expiry \(expiry.yymmdd) read as month \(day.month)")
        let expectedDay = dd == 0 ? IndependentCalendar.daysIn(month: mm, year: day.year) : dd
        FuzzInvariant.require(day.day == expectedDay && expectedDay <= IndependentCalendar.daysIn(month: mm, year: day.year),
                              "expiry \(expiry.yymmdd) read as day \(day.day) of \(day.year)-\(mm)")
    }

    /// The scan written in scanner form (and, when no value holds a '(', in bracketed form) reads back identically.
    private static func checkRoundTrips(_ scan: GS1ElementString, referenceDay: CalendarDay) {
        var raw = "]d2"
        var bracketed = ""
        if let gtin = scan.gtin {
            raw += "01" + gtin.digits
            bracketed += "(01)" + gtin.digits
        }
        if let expiry = scan.expiry {
            raw += "17" + expiry.yymmdd
            bracketed += "(17)" + expiry.yymmdd
        }
        if let lot = scan.batchLot {
            raw += "10" + lot + String(groupSeparator)
            bracketed += "(10)" + lot
        }
        if let serial = scan.serial {
            raw += "21" + serial
            bracketed += "(21)" + serial
        }
        var forms = [raw]
        if !([scan.batchLot, scan.serial].contains { $0?.unicodeScalars.contains("(") ?? false }) { forms.append(bracketed) }
        for form in forms {
            do {
                let again = try GS1ElementString.parse(form, referenceDay: referenceDay)
                FuzzInvariant.require(
                    again.gtin == scan.gtin && again.expiry == scan.expiry && again.batchLot == scan.batchLot
                        && again.serial == scan.serial,
                    "\(debug(form)) reads back differently from the scan it was written from")
            } catch {
                FuzzInvariant.fail("\(debug(form)), written from an accepted scan, is refused: \(error)")
            }
        }
    }

    /// The GS1 mod-10 check: weights 3, 1, 3, ... from the rightmost body digit; the total is a multiple of 10.
    private static func checkDigitIsValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (index, digit) in digits.enumerated() {
            // 14 digits: the check digit (index 13) weighs 1, index 12 weighs 3, index 11 weighs 1, ...
            sum += digit * (index % 2 == 0 ? 3 : 1)
        }
        return sum % 10 == 0
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }

    /// Whether `needle` occurs as a contiguous run in `haystack`.
    private static func containsRun(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// The text with every scalar outside printable ASCII escaped, for a message that must survive any terminal.
    static func debug(_ text: String) -> String {
        text.unicodeScalars.map { (32...126).contains($0.value) ? String($0) : "<U+\(String($0.value, radix: 16, uppercase: true))>" }
            .joined()
    }
}
