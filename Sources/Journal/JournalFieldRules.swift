import Foundation

/// What the journal accepts in each field, checked when an entry is written and again when it is read back.
///
/// The rules keep every field printable on one line in an export or an audit report and keep the data small enough
/// that one entry never becomes a storage problem. Each check returns nil when the value is acceptable, or the
/// problem in words that say what is accepted.
enum JournalFieldRules {
    /// Longest actor or preparation id, in characters.
    static let maximumIdentifierLength = 128
    /// Longest event code, in characters.
    static let maximumEventLength = 64
    /// Largest canonical `data` text, in UTF-8 bytes.
    static let maximumDataBytes = 256 * 1024

    /// An actor or a preparation id: 1...128 characters, no control characters, no leading or trailing whitespace.
    static func identifierProblem(_ value: String) -> String? {
        let accepted = "1 to \(maximumIdentifierLength) characters without control characters or leading/trailing spaces are accepted"
        if value.isEmpty { return "is empty; \(accepted)" }
        if value.count > maximumIdentifierLength { return "is \(value.count) characters long; \(accepted)" }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "'\(printable(value))' contains a control character; \(accepted)"
        }
        if let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
           first.properties.isWhitespace || last.properties.isWhitespace {
            return "'\(value)' starts or ends with whitespace; \(accepted)"
        }
        return nil
    }

    /// An event code: 1...64 characters of ASCII letters, digits, `.`, `_`, `-`, `:`, starting with a letter or digit.
    static func eventProblem(_ value: String) -> String? {
        let accepted = "1 to \(maximumEventLength) characters of letters, digits, '.', '_', '-', ':' starting with a "
            + "letter or digit are accepted (e.g. workflow.transition)"
        guard !value.isEmpty else { return "is empty; \(accepted)" }
        guard value.utf8.count <= maximumEventLength else { return "is \(value.count) characters long; \(accepted)" }
        let bytes = Array(value.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
        }
        let punctuation: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":")]
        guard isAlphanumeric(bytes[0]), bytes.allSatisfy({ isAlphanumeric($0) || punctuation.contains($0) }) else {
            return "'\(printable(value))' is not an event code; \(accepted)"
        }
        return nil
    }

    /// Canonical `data` text size.
    static func dataSizeProblem(_ dataJSON: String) -> String? {
        let size = dataJSON.utf8.count
        guard size <= maximumDataBytes else {
            return "is \(size) bytes as JSON; at most \(maximumDataBytes) bytes are accepted (store a reference instead)"
        }
        return nil
    }

    /// The value with control characters shown as `\u{..}` so an error message stays on one line.
    static func printable(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                text += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
