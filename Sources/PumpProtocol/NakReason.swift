/// Why the pump refused a request (docs/protocol.md §8). Each case tells the client what to do next.
public enum NakReason: Sendable, Hashable, CustomStringConvertible {
    /// `crc`: the request arrived damaged; retransmit the identical bytes.
    case badCrc
    /// `malformed`: the request's length field or payload syntax is wrong (a client bug).
    case malformed
    /// `sequenceReused`: same sequence number as the last request but different content; not executed.
    case sequenceReused
    /// `unknownCommand`: the code (echoed in the header) is not a command.
    case unknownCommand
    /// `unknownField`: the command does not accept this key.
    case unknownField(PayloadKey)
    /// `missingField`: a required field is absent.
    case missingField(PayloadKey)
    /// `badValue`: a value is not accepted; names the field and the problem.
    case badValue(field: PayloadKey, problem: ValueProblem)
    /// `wrongState`: the command is not allowed in the pump's current state, which is given.
    case wrongState(PumpState)
    /// `tokenMismatch`: START's token is not the stored program's (the program was replaced since READ).
    case tokenMismatch
    /// `tokenUsed`: this program has already been started; it never starts twice.
    case tokenUsed
    /// `alarmActive`: START/RESUME refused while these motor-stopping alarms are raised.
    case alarmActive(Set<PumpAlarm>)
    /// `volumeNotCleared`: SET PROGRAM in idle while the volume counters of the previous infusion are not zero.
    case volumeNotCleared

    /// The `reason` value on the wire.
    public var code: String {
        switch self {
        case .badCrc: return "crc"
        case .malformed: return "malformed"
        case .sequenceReused: return "sequenceReused"
        case .unknownCommand: return "unknownCommand"
        case .unknownField: return "unknownField"
        case .missingField: return "missingField"
        case .badValue: return "badValue"
        case .wrongState: return "wrongState"
        case .tokenMismatch: return "tokenMismatch"
        case .tokenUsed: return "tokenUsed"
        case .alarmActive: return "alarmActive"
        case .volumeNotCleared: return "volumeNotCleared"
        }
    }

    /// True when the client should retransmit the identical bytes (docs/protocol.md §5.4).
    public var asksForRetransmission: Bool { self == .badCrc }

    var fields: [PayloadField] {
        let reason = PayloadField(.reason, code)
        switch self {
        case .badCrc, .malformed, .sequenceReused, .unknownCommand, .tokenMismatch, .tokenUsed, .volumeNotCleared:
            return [reason]
        case .unknownField(let key), .missingField(let key):
            return [reason, PayloadField(.field, key.rawValue)]
        case .badValue(let key, let problem):
            return [reason, PayloadField(.field, key.rawValue), PayloadField(.problem, problem.rawValue)]
        case .wrongState(let state):
            return [reason, PayloadField(.state, state.rawValue)]
        case .alarmActive(let alarms):
            return [reason, PayloadField(.alarms, PumpAlarm.wireList(alarms))]
        }
    }

    init(reading frame: Frame) throws(MessageError) {
        let reader = try FieldReader(frame, accepted: [], required: [.reason], strict: false)
        switch try reader.text(.reason) {
        case "crc": self = .badCrc
        case "malformed": self = .malformed
        case "sequenceReused": self = .sequenceReused
        case "unknownCommand": self = .unknownCommand
        case "unknownField": self = .unknownField(try reader.parsed(.field, PayloadKey.init))
        case "missingField": self = .missingField(try reader.parsed(.field, PayloadKey.init))
        case "badValue":
            self = .badValue(
                field: try reader.parsed(.field, PayloadKey.init),
                problem: try reader.parsed(.problem, ValueProblem.init(rawValue:)))
        case "wrongState": self = .wrongState(try reader.parsed(.state, PumpState.init(rawValue:)))
        case "tokenMismatch": self = .tokenMismatch
        case "tokenUsed": self = .tokenUsed
        case "alarmActive": self = .alarmActive(try reader.parsed(.alarms, PumpAlarm.parseList))
        case "volumeNotCleared": self = .volumeNotCleared
        default: throw .badValue(FieldValueError(field: .reason, problem: .syntax))
        }
    }

    /// What the pump refused and what to do about it, for the operator and the log.
    public var description: String {
        switch self {
        case .badCrc:
            return "the pump received the request damaged (CRC); retransmit it unchanged"
        case .malformed:
            return "the pump could not parse the request (length or payload syntax): a client defect"
        case .sequenceReused:
            return "the pump saw this sequence number on a different request; it did not execute it: resend with "
                + "the next sequence number"
        case .unknownCommand:
            return "the pump does not know this command code"
        case .unknownField(let key):
            return "the pump does not accept field '\(key)' in this command"
        case .missingField(let key):
            return "the pump requires field '\(key)': \(FieldRules.accepted(for: key))"
        case .badValue(let key, let problem):
            return "the pump refused \(FieldValueError(field: key, problem: problem))"
        case .wrongState(let state):
            return "the pump is \(state.rawValue), where this command is not allowed; read its status"
        case .tokenMismatch:
            return "the start token is not that of the stored program (replaced since read-back): read it back again"
        case .tokenUsed:
            return "this program has already been started and can never start again; read the pump status"
        case .alarmActive(let alarms):
            let names = PumpAlarm.allCases.filter(alarms.contains).map(\.description).joined(separator: ", ")
            return "the pump will not run while these alarms are raised: \(names); fix the cause and acknowledge"
        case .volumeNotCleared:
            return "the volume counters of the previous infusion are not zero: record them, clear volume, program again"
        }
    }
}
