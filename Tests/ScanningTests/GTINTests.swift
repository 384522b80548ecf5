import Testing
@testable import Scanning

/// GTIN-14 check digits worked by hand: weights 3,1,3,... from the right of the first 13 digits.
struct GTINTests {
    /// GS1's own example GTIN. Digits 0 9 5 0 6 0 0 0 1 3 4 3 5: weighted sum
    /// 0*3+9+5*3+0+6*3+0+0*3+0+1*3+3+4*3+3+5*3 = 78, so the check digit is 80 - 78 = 2.
    @Test func acceptsGS1ExampleGTIN() throws {
        let gtin = try GTIN(validating: "09506000134352")
        #expect(gtin.digits == "09506000134352")
        #expect(gtin.description == "09506000134352")
    }

    @Test func refusesWrongCheckDigit() {
        #expect(throws: GTINProblem.checkDigit(found: 3, expected: 2)) { try GTIN(validating: "09506000134353") }
    }

    /// Changing the 13th digit 5 -> 6 adds 1 * 3 to the sum (81), so the check digit would have to be 9.
    @Test func singleDigitMisreadIsCaught() {
        #expect(throws: GTINProblem.checkDigit(found: 2, expected: 9)) { try GTIN(validating: "09506000134362") }
    }

    /// All zeros: sum 0, check digit 0.
    @Test func allZerosIsWellFormed() throws {
        #expect(try GTIN(validating: "00000000000000").digits == "00000000000000")
    }

    @Test func refusesThirteenDigitsInsteadOfPadding() {
        #expect(throws: GTINProblem.wrongLength(found: 13)) { try GTIN(validating: "9506000134352") }
    }

    @Test func refusesFifteenDigits() {
        #expect(throws: GTINProblem.wrongLength(found: 15)) { try GTIN(validating: "095060001343520") }
    }

    @Test func refusesNonDigits() {
        #expect(throws: GTINProblem.notDigits) { try GTIN(validating: "0950600013435X") }
        // Full-width digits are not ASCII digits.
        #expect(throws: GTINProblem.notDigits) { try GTIN(validating: "０９５０６０００１３４３５２") }
    }

    /// The six sample GTINs of Config/products.yaml, each worked by hand:
    /// 0952000008001 -> odd positions 0+5+0+0+0+0+1=6 (x3=18) + even 9+2+0+0+8+0=19 -> 37 -> 3;
    /// ...008004 -> 27+19=46 -> 4; ...020001 -> 24+11=35 -> 5; ...020004 -> 33+11=44 -> 6;
    /// ...040001 -> 30+11=41 -> 9; ...040004 -> 39+11=50 -> 0.
    @Test(arguments: ["09520000080013", "09520000080044", "09520000200015", "09520000200046", "09520000400019", "09520000400040"])
    func sampleGTINsHaveValidCheckDigits(_ digits: String) throws {
        #expect(try GTIN(validating: digits).digits == digits)
    }

    @Test func problemMessagesSayWhatIsExpected() {
        #expect(GTINProblem.wrongLength(found: 13).description == "expected 14 digits (write a GTIN-13 with a leading 0), found 13 characters")
        #expect(GTINProblem.checkDigit(found: 3, expected: 2).description
            == "check digit is 3 but the first 13 digits require 2; the number was misread or mistyped")
    }
}
