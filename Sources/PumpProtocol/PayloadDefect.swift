/// Why a payload does not follow the grammar of docs/protocol.md §3.1. Offsets count from the first payload byte.
///
/// Each case names the place and the rule, so an engineer reading a capture can find the wrong byte.
public enum PayloadDefect: Error, Sendable, Hashable, CustomStringConvertible {
    /// A byte that may not appear in a payload (space, control byte, byte ≥ 0x80, `$`, `|`, or `=` inside a value).
    case forbiddenByte(offset: Int, byte: UInt8)
    /// Two `;` in a row, or a `;` at the start or end.
    case emptyField(offset: Int)
    /// A field without `=`.
    case missingEquals(offset: Int)
    /// A key that is not 1–16 characters `a`–`z` then `a`–`z` `0`–`9`.
    case invalidKey(offset: Int)
    /// The same key twice in one payload.
    case duplicateKey(PayloadKey)
    /// `%` not followed by two upper-case hex digits.
    case badEscape(offset: Int)
    /// `%HH` used for a byte that must be sent as itself (escaping is canonical).
    case needlessEscape(offset: Int)
    /// The unescaped value of this key is not valid UTF-8.
    case invalidUTF8(PayloadKey)

    /// An actionable description naming the offset and the rule.
    public var description: String {
        switch self {
        case .forbiddenByte(let offset, let byte):
            return "payload byte \(offset) is 0x\(WireText.upperHex(UInt64(byte), width: 2)), which must be sent as "
                + "%\(WireText.upperHex(UInt64(byte), width: 2)) (only 0x21-0x7E other than $ % ; = | appear as themselves)"
        case .emptyField(let offset):
            return "payload has an empty field at byte \(offset) (fields are key=value separated by single ';')"
        case .missingEquals(let offset):
            return "payload field at byte \(offset) has no '=' (fields are key=value)"
        case .invalidKey(let offset):
            return "payload key at byte \(offset) is not 1-16 characters a-z then a-z/0-9"
        case .duplicateKey(let key):
            return "payload key '\(key)' appears twice (each key at most once)"
        case .badEscape(let offset):
            return "payload escape at byte \(offset) is not '%' and two upper-case hex digits"
        case .needlessEscape(let offset):
            return "payload escape at byte \(offset) encodes a byte that must be sent as itself (escapes are canonical)"
        case .invalidUTF8(let key):
            return "payload value of '\(key)' is not valid UTF-8 once unescaped"
        }
    }
}
