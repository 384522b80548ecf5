/// The rules for text fields (docs/protocol.md §6.2): a length in characters, then an allowed character set.
enum TextRule {
    /// Identity texts: printable ASCII 0x20–0x7E.
    static func identityProblem(_ text: String, length: ClosedRange<Int>) -> ValueProblem? {
        guard length.contains(text.unicodeScalars.count) else { return .length }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value <= 0x7E }) else { return .syntax }
        return nil
    }

    /// Drug identifiers: `A`–`Z` `a`–`z` `0`–`9` `.` `_` `-`.
    static func drugIdProblem(_ text: String) -> ValueProblem? {
        guard PumpLimits.drugIdLength.contains(text.unicodeScalars.count) else { return .length }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": return true
            default: return false
            }
        }
        return allowed ? nil : .syntax
    }
}
