import Testing
@testable import Scanning

/// Hand-worked GS1 element strings as scanners send them. GTIN 09506000134352 is GS1's example (check digit 2,
/// worked in GTINTests). Positions count characters from 1, including the symbology identifier.
struct ElementStringTests {
    static let gs = "\u{1D}"
    /// Reference day for the century rule: 15 May 2026 (two-digit years 26-49 ahead or 50 back read as 20YY/19YY).
    static let today = CalendarDay(year: 2026, month: 5, day: 15)!

    func parse(_ text: String, today: CalendarDay = Self.today) throws(GS1ParseError) -> GS1ElementString {
        try GS1ElementString.parse(text, referenceDay: today)
    }

    // MARK: Accepted forms

    @Test func dataMatrixWithSymbologyIdentifierAndSeparator() throws {
        let scan = try parse("]d2" + "0109506000134352" + "17271231" + "10ABC123" + Self.gs + "21SN0001")
        #expect(scan.gtin?.digits == "09506000134352")
        #expect(scan.expiry?.yymmdd == "271231")
        #expect(scan.expiry?.lastDayOfUse == CalendarDay(year: 2027, month: 12, day: 31))
        #expect(scan.batchLot == "ABC123")
        #expect(scan.serial == "SN0001")
        #expect(scan.symbologyIdentifier == "]d2")
        #expect(!scan.wasBracketed)
    }

    @Test func withoutSymbologyIdentifierWithLeadingFNC1() throws {
        let scan = try parse(Self.gs + "0109506000134352" + "17271231" + "10ABC123")
        #expect(scan.gtin?.digits == "09506000134352")
        #expect(scan.batchLot == "ABC123")
        #expect(scan.serial == nil)
        #expect(scan.symbologyIdentifier == nil)
    }

    @Test func symbologyIdentifierFollowedByFNC1() throws {
        let scan = try parse("]d2" + Self.gs + "0109506000134352" + "17271231" + "10ABC123")
        #expect(scan.symbologyIdentifier == "]d2")
        #expect(scan.batchLot == "ABC123")
    }

    @Test(arguments: ["]C1", "]Q3"])
    func otherGS1Symbologies(_ identifier: String) throws {
        let scan = try parse(identifier + "0109506000134352" + "17271231" + "10L1")
        #expect(scan.symbologyIdentifier == identifier)
        #expect(scan.batchLot == "L1")
    }

    /// EU-style order: serial before expiry, so the serial needs its GS; the lot is last and runs to the end.
    @Test func variableFieldInTheMiddleEndsAtGS() throws {
        let scan = try parse("0109506000134352" + "21SN0001" + Self.gs + "17271231" + "10ABC123")
        #expect(scan.serial == "SN0001")
        #expect(scan.expiry?.yymmdd == "271231")
        #expect(scan.batchLot == "ABC123")
    }

    @Test func redundantSeparatorsAfterFixedFieldsAndAtTheEndAreTolerated() throws {
        let scan = try parse("0109506000134352" + Self.gs + "17271231" + Self.gs + "10ABC123" + Self.gs)
        #expect(scan.gtin?.digits == "09506000134352")
        #expect(scan.expiry?.yymmdd == "271231")
        #expect(scan.batchLot == "ABC123")
    }

    @Test func bracketedHumanReadableForm() throws {
        let scan = try parse("(01)09506000134352(17)271231(10)ABC123(21)SN0001")
        #expect(scan.gtin?.digits == "09506000134352")
        #expect(scan.expiry?.lastDayOfUse == CalendarDay(year: 2027, month: 12, day: 31))
        #expect(scan.batchLot == "ABC123")
        #expect(scan.serial == "SN0001")
        #expect(scan.wasBracketed)
    }

    /// ')' is in character set 82, so it may appear in a bracketed lot; only '(' starts the next AI.
    @Test func bracketedLotMayContainClosingBracket() throws {
        let scan = try parse("(01)09506000134352(10)A)B")
        #expect(scan.batchLot == "A)B")
    }

    @Test func everyCharacterOfSet82IsAcceptedInALot() throws {
        // The 19 punctuation characters of set 82 other than "(" (which the bracketed-form test below would split on).
        let scan = try parse("0109506000134352" + "10" + "!\"%&')*+,-./:;<=>?_" + Self.gs + "21aZ09")
        #expect(scan.batchLot == "!\"%&')*+,-./:;<=>?_")
        #expect(scan.serial == "aZ09")
        let withOpenBracket = try parse("0109506000134352" + "10" + "(x)")
        #expect(withOpenBracket.batchLot == "(x)")
    }

    @Test func anySubsetOfAIsParses() throws {
        let scan = try parse("(17)271231(10)L")
        #expect(scan.gtin == nil)
        #expect(scan.batchLot == "L")
    }

    // MARK: Expiry: day 00 and the century rule

    @Test func dayZeroIsTheLastDayOfFebruaryInALeapYear() throws {
        #expect(try parse("(17)280200").expiry?.lastDayOfUse == CalendarDay(year: 2028, month: 2, day: 29))
    }

    @Test func dayZeroIsTheLastDayOfFebruaryInACommonYear() throws {
        #expect(try parse("(17)270200").expiry?.lastDayOfUse == CalendarDay(year: 2027, month: 2, day: 28))
        #expect(try parse("17270200").expiry?.lastDayOfUse == CalendarDay(year: 2027, month: 2, day: 28))
    }

    /// Reference 2026: YY 76 is 50 ahead (this century), YY 77 is 51 ahead (previous century).
    @Test func centuryRuleAtTheFiftyYearEdge() throws {
        #expect(try parse("(17)760101").expiry?.lastDayOfUse == CalendarDay(year: 2076, month: 1, day: 1))
        #expect(try parse("(17)770101").expiry?.lastDayOfUse == CalendarDay(year: 1977, month: 1, day: 1))
    }

    /// Reference 2075: YY 25 is 50 behind (next century), YY 26 is 49 behind (this century).
    @Test func centuryRuleAtTheNextCenturyEdge() throws {
        let day = try #require(CalendarDay(year: 2075, month: 6, day: 1))
        #expect(try parse("(17)250101", today: day).expiry?.lastDayOfUse == CalendarDay(year: 2125, month: 1, day: 1))
        #expect(try parse("(17)260101", today: day).expiry?.lastDayOfUse == CalendarDay(year: 2026, month: 1, day: 1))
    }

    /// Reference 2060 reads YY 00 as 2100, which is not a leap year.
    @Test func twentyNinthFebruary2100DoesNotExist() throws {
        let day = try #require(CalendarDay(year: 2060, month: 1, day: 1))
        #expect(throws: GS1ParseError.invalidDate(value: "000229")) { try parse("(17)000229", today: day) }
        #expect(try parse("(17)000200", today: day).expiry?.lastDayOfUse == CalendarDay(year: 2100, month: 2, day: 28))
    }

    @Test func invalidDateIsNamed() {
        #expect(throws: GS1ParseError.invalidDate(value: "261332")) { try parse("0109506000134352" + "17261332") }
        #expect(throws: GS1ParseError.invalidDate(value: "270229")) { try parse("(17)270229") }
        #expect(GS1ParseError.invalidDate(value: "261332").description
            == "AI (17) expiry: '261332' is not a valid YYMMDD date (day 00 means the month's last day)")
    }

    // MARK: Lot length

    @Test func lotOfExactlyTwentyCharacters() throws {
        let lot = "ABCDEFGHIJ0123456789"
        #expect(try parse("0109506000134352" + "10" + lot + Self.gs + "21S").batchLot == lot)
        #expect(try parse("(10)" + lot).batchLot == lot)
    }

    @Test func lotOfTwentyOneCharacters() {
        let lot = "ABCDEFGHIJ0123456789K"
        let tooLong = GS1ParseError.valueTooLong(.batchLot, length: 21, limit: 20)
        #expect(throws: tooLong) { try parse("0109506000134352" + "10" + lot) }
        #expect(throws: tooLong) { try parse("(01)09506000134352(10)" + lot) }
        #expect(tooLong.description
            == "AI (10) batch/lot: 21 characters, at most 20 allowed; is the GS separator before the next AI missing?")
    }

    @Test func serialOfTwentyOneCharacters() {
        #expect(throws: GS1ParseError.valueTooLong(.serial, length: 21, limit: 20)) {
            try parse("21" + String(repeating: "9", count: 21))
        }
    }

    // MARK: Missing separator

    /// Without GS after the lot, "21SERIAL1234567" joins the lot: 11 + 15 = 26 characters, over the limit of 20.
    @Test func missingSeparatorBetweenVariableFieldsIsCaughtWhenTheJoinIsTooLong() {
        #expect(throws: GS1ParseError.valueTooLong(.batchLot, length: 26, limit: 20)) {
            try parse("0109506000134352" + "17271231" + "10LOT12345678" + "21SERIAL1234567")
        }
    }

    /// The limit of the format itself: a lot may legitimately contain "21", so a short join cannot be detected and
    /// reads as one lot. Recorded here so that nobody believes otherwise; the lot is shown for confirmation upstream.
    @Test func missingSeparatorWithShortFieldsReadsAsOneLot() throws {
        let scan = try parse("0109506000134352" + "10ABC" + "21XYZ")
        #expect(scan.batchLot == "ABC21XYZ")
        #expect(scan.serial == nil)
    }

    // MARK: Refusals

    @Test func wrongGTINCheckDigit() {
        let expected = GS1ParseError.invalidGTIN(value: "09506000134353", problem: .checkDigit(found: 3, expected: 2))
        #expect(throws: expected) { try parse("]d2" + "0109506000134353" + "17271231" + "10A") }
        #expect(throws: expected) { try parse("(01)09506000134353") }
        #expect(expected.description
            == "AI (01) GTIN '09506000134353': check digit is 3 but the first 13 digits require 2; the number was misread or mistyped")
    }

    /// "0109506000134352" is positions 1-16, "10A" 17-19, GS 20, so the second (10) starts at 21.
    @Test func duplicateAI() {
        #expect(throws: GS1ParseError.duplicateApplicationIdentifier(.batchLot, position: 21)) {
            try parse("0109506000134352" + "10A" + Self.gs + "10B")
        }
        // "(01)" + 14 digits is positions 1-18; the second "(01)" starts at 19.
        #expect(throws: GS1ParseError.duplicateApplicationIdentifier(.gtin, position: 19)) {
            try parse("(01)09506000134352(01)09506000134352")
        }
        #expect(GS1ParseError.duplicateApplicationIdentifier(.batchLot, position: 21).description
            == "AI (10) batch/lot appears twice (again at position 21); a scan carries each AI once")
    }

    /// "0109506000134352" is 16 characters, "10" 17-18, "A" 19, "B" 20, the space 21.
    @Test func nonGS1CharactersInALot() {
        #expect(throws: GS1ParseError.invalidCharacter(.batchLot, character: "' '", position: 21)) {
            try parse("0109506000134352" + "10AB C")
        }
        #expect(throws: GS1ParseError.invalidCharacter(.batchLot, character: "'é'", position: 20)) {
            try parse("0109506000134352" + "10Aé")
        }
        // A keyboard-wedge scanner's carriage return at the end.
        #expect(throws: GS1ParseError.invalidCharacter(.batchLot, character: "U+000D", position: 22)) {
            try parse("0109506000134352" + "10ABC\r")
        }
        // In the bracketed form GS is data, and not a set-82 character: "(10)" is 1-4, "AB" 5-6, GS 7.
        #expect(throws: GS1ParseError.invalidCharacter(.batchLot, character: "GS (U+001D)", position: 7)) {
            try parse("(10)AB" + Self.gs)
        }
        #expect(GS1ParseError.invalidCharacter(.batchLot, character: "' '", position: 21).description
            == "AI (10) batch/lot: character ' ' at position 21 is not in GS1 character set 82 (A-Z a-z 0-9 ! \" % & ' ( ) * + , - . / : ; < = > ? _)")
    }

    @Test func nonDigitsInNumericAIs() {
        #expect(throws: GS1ParseError.notDigits(.gtin, value: "'0950600013435X'")) { try parse("010950600013435X") }
        #expect(throws: GS1ParseError.notDigits(.expiry, value: "'27A231'")) { try parse("(17)27A231") }
        #expect(throws: GS1ParseError.notDigits(.gtin, value: "'0950600013435<U+000D>'")) { try parse("010950600013435\r") }
    }

    @Test func truncatedFixedFields() {
        #expect(throws: GS1ParseError.wrongLength(.gtin, value: "'095060001'", found: 9, expected: 14)) {
            try parse("01095060001")
        }
        // A GS inside a fixed-length field ends it early.
        #expect(throws: GS1ParseError.wrongLength(.gtin, value: "'095060'", found: 6, expected: 14)) {
            try parse("01095060" + Self.gs + "10ABC")
        }
        #expect(throws: GS1ParseError.wrongLength(.gtin, value: "'0950600013435'", found: 13, expected: 14)) {
            try parse("(01)0950600013435(17)271231")
        }
        #expect(throws: GS1ParseError.wrongLength(.expiry, value: "'2712311'", found: 7, expected: 6)) {
            try parse("(17)2712311")
        }
        // A typed space after a value makes it the wrong length rather than being ignored.
        #expect(throws: GS1ParseError.wrongLength(.gtin, value: "'09506000134352 '", found: 15, expected: 14)) {
            try parse("(01)09506000134352 (17)271231")
        }
        #expect(GS1ParseError.wrongLength(.gtin, value: "'095060001'", found: 9, expected: 14).description
            == "AI (01) GTIN: expected exactly 14 digits, found 9 ('095060001')")
    }

    @Test func unknownAIsAreRefusedNotSkipped() {
        // (11) production date is a real GS1 AI, but not one this module reads: "0109506000134352" is 1-16.
        #expect(throws: GS1ParseError.unknownApplicationIdentifier(digits: "11", position: 17, complete: false)) {
            try parse("0109506000134352" + "11260101" + "10A")
        }
        #expect(throws: GS1ParseError.unknownApplicationIdentifier(digits: "11", position: 1, complete: true)) {
            try parse("(11)260101")
        }
        #expect(throws: GS1ParseError.unknownApplicationIdentifier(digits: "7003", position: 1, complete: true)) {
            try parse("(7003)2601011200")
        }
        #expect(GS1ParseError.unknownApplicationIdentifier(digits: "11", position: 1, complete: true).description
            == "position 1: application identifier (11) is not accepted; accepted: AI (01) GTIN, AI (17) expiry, AI (10) batch/lot, AI (21) serial")
    }

    @Test func somethingOtherThanAnAI() {
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 1, found: "'A'")) { try parse("A1234") }
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 17, found: "the end of the scan after '1'")) {
            try parse("0109506000134352" + "1")
        }
        // Two separators in a row: "10ABC" is 1-5, the first GS 6 ends the lot, the second sits where an AI should be.
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 7, found: "GS (U+001D)")) {
            try parse("10ABC" + Self.gs + Self.gs + "21X")
        }
        // A bracketed form after a symbology identifier is not what a scanner sends.
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 4, found: "'('")) {
            try parse("]d2(01)09506000134352")
        }
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 2, found: "(1)")) { try parse("(1)2") }
        #expect(throws: GS1ParseError.expectedApplicationIdentifier(position: 2, found: "'A'")) { try parse("(AB)1") }
    }

    @Test func unclosedBracket() {
        #expect(throws: GS1ParseError.unclosedBracket(position: 1)) { try parse("(01") }
        #expect(throws: GS1ParseError.unclosedBracket(position: 1)) { try parse("(0109506000134352") }
        // "(01)" + 14 digits is 1-18; the next '(' at 19 is never closed.
        #expect(throws: GS1ParseError.unclosedBracket(position: 19)) { try parse("(01)09506000134352(17") }
    }

    @Test func unsupportedSymbologyIdentifier() {
        #expect(throws: GS1ParseError.unsupportedSymbology("']d1'")) { try parse("]d1" + "0109506000134352") }
        #expect(throws: GS1ParseError.unsupportedSymbology("']d'")) { try parse("]d") }
        #expect(GS1ParseError.unsupportedSymbology("']d1'").description
            == "symbology identifier ']d1' is not a GS1 symbology: accepted ]d2 (GS1 DataMatrix), ]C1 (GS1-128), ]Q3 (GS1 QR Code); check the scanner's settings")
    }

    @Test func emptyVariableFields() {
        #expect(throws: GS1ParseError.emptyValue(.batchLot)) { try parse("10" + Self.gs + "21X") }
        #expect(throws: GS1ParseError.emptyValue(.batchLot)) { try parse("0109506000134352" + "10") }
        #expect(throws: GS1ParseError.emptyValue(.serial)) { try parse("(21)(10)A") }
        #expect(GS1ParseError.emptyValue(.batchLot).description == "AI (10) batch/lot: empty; expected 1 to 20 characters")
    }

    @Test func emptyInput() {
        #expect(throws: GS1ParseError.empty) { try parse("") }
        #expect(throws: GS1ParseError.empty) { try parse("]d2") }
        #expect(throws: GS1ParseError.empty) { try parse("]d2" + Self.gs) }
        #expect(throws: GS1ParseError.empty) { try parse(Self.gs) }
    }

    @Test func veryLongInputIsRefusedBeforeReading() {
        #expect(throws: GS1ParseError.tooLong(limit: 128)) { try parse(String(repeating: "1", count: 1_000_000)) }
        #expect(throws: GS1ParseError.tooLong(limit: 128)) { try parse(String(repeating: "1", count: 129)) }
        // Exactly 128 characters pass the length gate and are read: "11" is then an unknown AI at position 1.
        #expect(throws: GS1ParseError.unknownApplicationIdentifier(digits: "11", position: 1, complete: false)) {
            try parse(String(repeating: "1", count: 128))
        }
    }

    @Test func longestRealisticScanFitsTheLimit() throws {
        // ]d2 + GS + 16 + 8 + (2 + 20) + GS + (2 + 20) = 73 characters.
        let lot = String(repeating: "L", count: 20)
        let serial = String(repeating: "S", count: 20)
        let text = "]d2" + Self.gs + "0109506000134352" + "17271231" + "10" + lot + Self.gs + "21" + serial
        #expect(text.unicodeScalars.count == 73)
        let scan = try parse(text)
        #expect(scan.batchLot == lot)
        #expect(scan.serial == serial)
    }
}
