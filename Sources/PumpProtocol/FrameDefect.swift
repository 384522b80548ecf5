/// Why a complete candidate frame (from `$` to LF) is not a valid frame (docs/protocol.md §4.2, checks 1–3, 5–7).
public enum FrameDefect: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shorter than the 29 bytes of a frame with an empty payload.
    case tooShort(length: Int)
    /// The byte before LF is not CR.
    case missingCarriageReturn
    /// The 7 bytes before CR LF are not `|` and 4 upper-case hex digits.
    case badCrcField
    /// A header field does not have its fixed form; `field` names it (`address`, `sequence`, `kind`, `code`,
    /// `length`, `separator`).
    case badHeader(field: String)
    /// The length field disagrees with the number of payload bytes.
    case lengthMismatch(declared: Int, actual: Int)
    /// The payload does not follow the `key=value` grammar.
    case badPayload(PayloadDefect)

    /// An actionable description naming the part of the frame and the rule.
    public var description: String {
        switch self {
        case .tooShort(let length):
            return "frame is \(length) bytes; the shortest frame is \(WireFormat.minimumFrameLength) bytes"
        case .missingCarriageReturn:
            return "frame does not end in CR LF"
        case .badCrcField:
            return "frame does not end in '|', 4 upper-case hex CRC digits, CR LF"
        case .badHeader(let field):
            return "frame header field '\(field)' does not have its fixed form $AA|SSSS|KKK|CCCC|LLL|"
        case .lengthMismatch(let declared, let actual):
            return "frame length field says \(declared) payload bytes but the payload has \(actual)"
        case .badPayload(let defect):
            return defect.description
        }
    }
}
