/// Why a valid frame does not decode into a typed message (docs/protocol.md §7.1, steps 1–4).
///
/// On the pump side `nakReason` is the NAK to send; on the client side any of these means the pump's reply cannot be
/// trusted and is reported, never guessed around.
public enum MessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The frame is not of the kind expected (a command decoder given a reply, ...). Pumps ignore non-`CMD` frames
    /// before decoding, so this never produces a NAK on the wire.
    case unexpectedKind(FrameKind)
    /// The code is not one this message type knows.
    case unknownCommand(CommandCode)
    /// A command carries a key it does not accept (replies tolerate unknown keys: minor versions add them).
    case unknownField(PayloadKey)
    /// A required field is absent.
    case missingField(PayloadKey)
    /// A field value is not accepted.
    case badValue(FieldValueError)

    /// The NAK a pump sends for this failure.
    public var nakReason: NakReason {
        switch self {
        case .unexpectedKind: return .malformed
        case .unknownCommand: return .unknownCommand
        case .unknownField(let key): return .unknownField(key)
        case .missingField(let key): return .missingField(key)
        case .badValue(let error): return .badValue(field: error.field, problem: error.problem)
        }
    }

    /// An actionable description naming the code or field.
    public var description: String {
        switch self {
        case .unexpectedKind(let kind):
            return "frame of kind \(kind.rawValue) where another kind was expected"
        case .unknownCommand(let code):
            return "command code \(code) is not one of "
                + CommandCode.commands.map(\.rawValue).joined(separator: ", ")
        case .unknownField(let key):
            return "field '\(key)' is not accepted by this command (docs/protocol.md section 7)"
        case .missingField(let key):
            return "required field '\(key)' is missing: \(FieldRules.accepted(for: key))"
        case .badValue(let error):
            return error.description
        }
    }
}
