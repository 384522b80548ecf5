import Foundation

/// The one canonical JSON text for a `JournalValue`: what the journal stores and hashes.
///
/// Hashing needs a single byte sequence per value, so the rules are fixed (they follow RFC 8785, JCS, except that
/// numbers are exact decimals instead of IEEE doubles):
/// - no whitespace anywhere;
/// - object members sorted by their keys' UTF-16 code units, no duplicate keys;
/// - strings escape only `"` as `\"`, `\` as `\\`, and U+0000...U+001F as `\b \t \n \f \r` or `\u00xx` (lower-case
///   hex); every other character, including non-ASCII, is written as itself in UTF-8;
/// - numbers are `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`: no exponent, no `+`, no leading or trailing zeros, no `-0`;
/// - `true`, `false`, `null`.
/// Pure: no I/O.
public enum CanonicalJSON {
    /// Why a value cannot be written canonically (only non-finite numbers can fail).
    public struct EncodingError: Error, Equatable, Sendable {
        /// The dotted path of the bad value inside the object (`data.rates[2]`).
        public let path: String
        /// What is wrong.
        public let problem: String

        /// Creates an error for the value at `path`.
        public init(path: String, problem: String) {
            self.path = path
            self.problem = problem
        }
    }

    /// The canonical text of `value`; `path` names it in errors.
    public static func encode(_ value: JournalValue, path: String = "data") throws(EncodingError) -> String {
        var text = ""
        try append(value, path: path, to: &text)
        return text
    }

    /// The canonical text of a JSON object (the form every entry's `data` takes).
    public static func encode(object: [String: JournalValue], path: String = "data") throws(EncodingError) -> String {
        try encode(.object(object), path: path)
    }

    /// The canonical text of a string, quotes included.
    public static func quote(_ string: String) -> String {
        var text = ""
        appendString(string, to: &text)
        return text
    }

    /// The canonical text of a decimal number, or nil when it has none (NaN).
    public static func number(_ decimal: Decimal) -> String? {
        if decimal.isNaN { return nil }
        var text = decimal.description
        if text.hasPrefix("-") {
            let magnitude = text.dropFirst()
            if magnitude.allSatisfy({ $0 == "0" || $0 == "." }) { text = String(magnitude) }
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" || text.isEmpty { text = "0" }
        return isCanonicalNumber(text) ? text : nil
    }

    /// True when `text` is a number in canonical form (see the type's rules).
    static func isCanonicalNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return false }
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index == bytes.count, bytes[bytes.count - 1] != UInt8(ascii: "0") else { return false }
        }
        return text != "-0"
    }

    /// Orders keys as canonical JSON requires: by UTF-16 code units (Swift's `<` on `String` compares Unicode
    /// canonical equivalence instead, which is not a byte order).
    static func keyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func append(_ value: JournalValue, path: String, to text: inout String) throws(EncodingError) {
        switch value {
        case .null:
            text += "null"
        case .bool(let flag):
            text += flag ? "true" : "false"
        case .number(let decimal):
            guard let number = number(decimal) else {
                throw EncodingError(path: path, problem: "is not a finite number (\(decimal)); only exact decimals are accepted")
            }
            text += number
        case .string(let string):
            appendString(string, to: &text)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                try append(element, path: "\(path)[\(index)]", to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in members.keys.sorted(by: keyPrecedes).enumerated() {
                if index > 0 { text += "," }
                appendString(key, to: &text)
                text += ":"
                if let member = members[key] {
                    try append(member, path: "\(path).\(key)", to: &text)
                }
            }
            text += "}"
        }
    }

    private static func appendString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{09}": text += "\\t"
            case "\u{0A}": text += "\\n"
            case "\u{0C}": text += "\\f"
            case "\u{0D}": text += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
