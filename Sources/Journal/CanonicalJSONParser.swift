import Foundation

/// Reads canonical JSON text back into a `JournalValue`, refusing anything that is not exactly canonical.
///
/// The journal only ever stores text written by `CanonicalJSON`; text that parses but is not in canonical form (extra
/// spaces, unsorted keys, `1.50`) was not written by the journal, so it is refused rather than silently normalised.
/// Pure: no I/O.
public enum CanonicalJSONParser {
    /// Why text was refused: the byte offset and the problem.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// 0-based byte offset in the UTF-8 text where the problem was found.
        public let offset: Int
        /// What is wrong.
        public let problem: String
        /// Creates an error at byte `offset`.
        public init(offset: Int, problem: String) {
            self.offset = offset
            self.problem = problem
        }

        /// `at byte N: problem`.
        public var description: String { "at byte \(offset): \(problem)" }
    }

    /// Deepest nesting accepted; deeper text is refused rather than risking the stack.
    public static let maximumDepth = 64

    /// Parses `text`, which must be the canonical text of some value.
    public static func parse(_ text: String) throws(ParseError) -> JournalValue {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value(depth: 0)
        guard reader.index == reader.bytes.count else {
            throw ParseError(offset: reader.index, problem: "unexpected text after the JSON value")
        }
        let canonical: String
        do {
            canonical = try CanonicalJSON.encode(value)
        } catch {
            throw ParseError(offset: 0, problem: "holds a value with no canonical form (\(error.path) \(error.problem))")
        }
        guard canonical == text else {
            let offset = zip(canonical.utf8, text.utf8).prefix { $0 == $1 }.count
            throw ParseError(offset: offset, problem: "is valid JSON but not in canonical form")
        }
        return value
    }

    /// Parses canonical text that must hold a JSON object (an entry's `data`).
    public static func parseObject(_ text: String) throws(ParseError) -> [String: JournalValue] {
        guard case .object(let members) = try parse(text) else {
            throw ParseError(offset: 0, problem: "is not a JSON object")
        }
        return members
    }

    /// Canonical text has no whitespace: nothing is ever skipped, so a stray space fails as an unexpected character.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ problem: String) -> ParseError { ParseError(offset: index, problem: problem) }

        mutating func value(depth: Int) throws(ParseError) -> JournalValue {
            guard depth < CanonicalJSONParser.maximumDepth else { throw fail("nesting is deeper than \(CanonicalJSONParser.maximumDepth)") }
            guard index < bytes.count else { throw fail("unexpected end of text") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw fail("expected \(word)")
            }
            index += expected.count
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(ParseError) {
            guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func object(depth: Int) throws(ParseError) -> JournalValue {
            index += 1
            var members: [String: JournalValue] = [:]
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                let keyOffset = index
                let key = try string()
                if members[key] != nil { throw ParseError(offset: keyOffset, problem: "repeats the key \(CanonicalJSON.quote(key))") }
                try expect(UInt8(ascii: ":"), "':' after an object key")
                members[key] = try value(depth: depth + 1)
                guard index < bytes.count else { throw fail("unexpected end of text inside an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JournalValue {
            index += 1
            var elements: [JournalValue] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                guard index < bytes.count else { throw fail("unexpected end of text inside an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return .array(elements)
            }
        }

        mutating func string() throws(ParseError) -> String {
            try expect(UInt8(ascii: "\""), "a string")
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() throws(ParseError) {
                guard !run.isEmpty else { return }
                guard let decoded = String(validating: run, as: UTF8.self) else {
                    throw ParseError(offset: index, problem: "holds bytes that are not valid UTF-8")
                }
                scalars.append(contentsOf: decoded.unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while true {
                guard index < bytes.count else { throw fail("unterminated string") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    try flush()
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flush()
                    index += 1
                    scalars.append(try escape())
                case 0..<0x20:
                    throw fail("holds a raw control character; it must be escaped")
                default:
                    run.append(byte)
                    index += 1
                }
            }
        }

        mutating func escape() throws(ParseError) -> Unicode.Scalar {
            guard index < bytes.count else { throw fail("unterminated escape") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\u{0A}"
            case UInt8(ascii: "r"): return "\u{0D}"
            case UInt8(ascii: "t"): return "\u{09}"
            case UInt8(ascii: "u"):
                let first = try hex4()
                if (0xD800...0xDBFF).contains(first) {
                    try literal("\\u")
                    let second = try hex4()
                    guard (0xDC00...0xDFFF).contains(second) else { throw fail("holds an unpaired UTF-16 surrogate") }
                    let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    guard let scalar = Unicode.Scalar(combined) else { throw fail("holds an invalid escape") }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(first) else { throw fail("holds an unpaired UTF-16 surrogate") }
                return scalar
            default:
                throw fail("holds an unknown escape")
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("holds a short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("holds a \\u escape that is not 4 hex digits")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        mutating func number() throws(ParseError) -> Decimal {
            let start = index
            while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
            guard index > start else { throw fail("expected a JSON value") }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            // Only the canonical form is accepted, which also means Decimal(string:) sees nothing it could misread
            // (it would accept "12abc" as 12).
            guard CanonicalJSON.isCanonicalNumber(text) else {
                throw ParseError(offset: start, problem: "holds the number \(text), which is not in canonical form")
            }
            var digits = Substring(text.filter(\.isNumber))
            while digits.first == "0" { digits.removeFirst() }
            while digits.last == "0" { digits.removeLast() }
            let significantDigits = digits.count
            guard significantDigits <= 38, let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw ParseError(offset: start, problem: "holds the number \(text), which has more than 38 significant digits")
            }
            return decimal
        }

        func isNumberByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                return true
            default:
                return false
            }
        }
    }
}
