import Foundation
import Journal
import Testing

@Suite("Canonical JSON: the exact text that is stored and hashed")
struct CanonicalJSONTests {
    @Test("object keys are sorted by UTF-16 code units, not by Unicode scalar or Swift String order")
    func keysSortByUTF16() throws {
        let value: JournalValue = ["ﬀ": 6, "b": 3, "😀": 5, "a": 2, "é": 4, "B": 1]
        // UTF-16: B 0042 < a 0061 < b 0062 < é 00E9 < 😀 D83D DE00 < ﬀ FB00 (by scalar value 😀 1F600 would be last).
        #expect(try CanonicalJSON.encode(value) == #"{"B":1,"a":2,"b":3,"é":4,"😀":5,"ﬀ":6}"#)
    }

    @Test("strings escape only quote, backslash and control characters, in the short forms where they exist")
    func stringEscapes() {
        let text = "\"\\\u{08}\u{0C}\n\r\t\u{01}\u{1F}/é\u{2028}\u{7F}"
        let expected = #""\"\\\b\f\n\r\t\u0001\u001f/é"# + "\u{2028}\u{7F}\""
        #expect(CanonicalJSON.quote(text) == expected)
    }

    @Test("numbers are exact decimals without exponent, trailing zeros or negative zero")
    func numbers() throws {
        #expect(CanonicalJSON.number(try #require(Decimal(string: "12.50"))) == "12.5")
        #expect(CanonicalJSON.number(try #require(Decimal(string: "-0.0"))) == "0")
        #expect(CanonicalJSON.number(Decimal(100)) == "100")
        #expect(CanonicalJSON.number(try #require(Decimal(string: "0.001"))) == "0.001")
        #expect(CanonicalJSON.number(try #require(Decimal(string: "-7.250"))) == "-7.25")
        #expect(CanonicalJSON.number(Decimal(sign: .plus, exponent: 3, significand: 12)) == "12000")
        #expect(CanonicalJSON.number(Decimal.nan) == nil)
    }

    @Test("a NaN number is refused, naming where it is")
    func nanRefused() {
        let value: JournalValue = ["rates": [1, .number(Decimal.nan)]]
        #expect(throws: CanonicalJSON.EncodingError(path: "data.rates[1]", problem: "is not a finite number (NaN); only exact decimals are accepted")) {
            _ = try CanonicalJSON.encode(value)
        }
    }

    @Test("nested values, literals and empty containers")
    func nested() throws {
        let value: JournalValue = ["b": false, "a": [1, true, nil, ["z": "y"], [], [:] as JournalValue]]
        #expect(try CanonicalJSON.encode(value) == #"{"a":[1,true,null,{"z":"y"},[],{}],"b":false}"#)
    }

    @Test("canonical text parses back to the same value")
    func parsesCanonical() throws {
        let text = #"{"a":[1,-2.5,true,null,{"z":"y\n\u0001"}],"b":"é😀"}"#
        let expected: JournalValue = [
            "a": [1, .number(try #require(Decimal(string: "-2.5"))), true, nil, ["z": "y\n\u{01}"]],
            "b": "é😀",
        ]
        #expect(try CanonicalJSONParser.parse(text) == expected)
    }

    @Test("text that is JSON but not canonical is refused", arguments: [
        #" {}"#, #"{"b":1,"a":2}"#, #"{"a":1.50}"#, #"{"a":1e2}"#, #"{"a":01}"#, #"{"a":"\u00e9"}"#,
        #"{"a":1,"a":1}"#, #"{"a":1} "#, #"{"a":"x"#, #"{"a":-0}"#, #"{"a":"\/"}"#, #"{"a": 1}"#,
    ])
    func nonCanonicalRefused(text: String) {
        #expect(throws: CanonicalJSONParser.ParseError.self) { _ = try CanonicalJSONParser.parse(text) }
    }

    @Test("the data column must be an object")
    func objectRequired() {
        #expect(throws: CanonicalJSONParser.ParseError(offset: 0, problem: "is not a JSON object")) {
            _ = try CanonicalJSONParser.parseObject("[1]")
        }
    }
}
