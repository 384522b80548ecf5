import Testing
@testable import Scanning

/// Seeded random scans: valid ones built field by field (check digit computed here, independently of the module)
/// must read back exactly in both forms; arbitrary junk must be refused or read without ever crashing.
struct RoundTripTests {
    /// SplitMix64: small, deterministic, so any failure reproduces from the printed seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    static let set82 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!\"%&')*+,-./:;<=>?_")
    static let today = CalendarDay(year: 2026, month: 5, day: 15)!

    /// The GS1 mod-10 check digit, written out again here so the test does not trust the code under test.
    static func checkDigit(_ body: [Int]) -> Int {
        var sum = 0
        for (index, digit) in body.enumerated() {
            // body has 13 digits; the rightmost (index 12) weighs 3, alternating leftwards.
            sum += digit * ((12 - index) % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    @Test func validScansReadBackExactly() throws {
        var random = Generator(state: 20_260_515)
        for _ in 0..<500 {
            let body = (0..<13).map { _ in random.int(0...9) }
            let gtin = body.map(String.init).joined() + String(Self.checkDigit(body))
            let year = random.int(0...99)
            let month = random.int(1...12)
            let day = random.int(1...28)
            let yymmdd = [year, month, day].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
            let lot = String((0..<random.int(1...20)).map { _ in random.pick(Self.set82) })
            let serial = String((0..<random.int(1...20)).map { _ in random.pick(Self.set82) })
            // Expected year by the 7.12 rule, reference 2026: 77...99 -> 19YY, otherwise 20YY (76 - 26 = 50 stays).
            let expectedYear = year >= 77 ? 1900 + year : 2000 + year

            let raw = "]d2" + "01" + gtin + "17" + yymmdd + "10" + lot + "\u{1D}" + "21" + serial
            let bracketed = "(01)" + gtin + "(17)" + yymmdd + "(10)" + lot + "(21)" + serial
            for text in [raw, bracketed] {
                let scan = try GS1ElementString.parse(text, referenceDay: Self.today)
                #expect(scan.gtin?.digits == gtin, "\(text)")
                #expect(scan.expiry?.lastDayOfUse == CalendarDay(year: expectedYear, month: month, day: day), "\(text)")
                #expect(scan.batchLot == lot, "\(text)")
                #expect(scan.serial == serial, "\(text)")
            }
        }
    }

    /// Junk from an alphabet rich in the characters that matter (digits, brackets, GS, ']', controls, accents).
    /// Whatever parses must satisfy every rule the parser promises.
    @Test func junkNeverCrashesAndNeverYieldsAnInvalidField() {
        var random = Generator(state: 1)
        let alphabet: [Unicode.Scalar] = ["0", "1", "2", "7", "9", "0", "1", "(", ")", "]", "d", "2", "\u{1D}", "A", "z",
                                          "é", "\r", " ", "!", "\u{0}", "_"]
        var parsed = 0
        for _ in 0..<5_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<random.int(0...160) { text.append(random.pick(alphabet)) }
            guard let scan = try? GS1ElementString.parse(String(text), referenceDay: Self.today) else { continue }
            parsed += 1
            for value in [scan.batchLot, scan.serial].compactMap({ $0 }) {
                #expect((1...20).contains(value.unicodeScalars.count))
                #expect(value.unicodeScalars.allSatisfy { Self.set82.contains(Character($0)) || $0 == "(" })
            }
            if let gtin = scan.gtin {
                let digits = gtin.digits.compactMap(\.wholeNumberValue)
                #expect(digits.count == 14)
                #expect(Self.checkDigit(Array(digits.prefix(13))) == digits.last)
            }
        }
        // Short junk of digits and GS does parse sometimes (e.g. "10A"); the property is checked on those.
        #expect(parsed > 0)
    }
}
