/// The payload of an ACK, typed by the command it answers (docs/protocol.md §7).
public enum AckData: Sendable, Hashable {
    /// SET PROGRAM and KEEP-ALIVE: nothing. (SET PROGRAM deliberately does not reveal the token.)
    case none
    /// IDENTIFY.
    case identity(PumpIdentity)
    /// STATUS, START, PAUSE, RESUME, STOP, CLEAR VOLUME, ACKNOWLEDGE ALARM: the status after execution.
    case status(PumpStatus)
    /// READ PROGRAM: the stored program and its token.
    case program(ProgramReadback)

    var fields: [PayloadField] {
        switch self {
        case .none: return []
        case .identity(let identity): return identity.fields
        case .status(let status): return status.fields
        case .program(let readback): return readback.fields
        }
    }

    /// Decodes the ACK payload of `frame` according to its code.
    init(reading frame: Frame) throws(MessageError) {
        switch frame.code {
        case .identify:
            self = .identity(try PumpIdentity(reading: frame))
        case .getStatus, .start, .pause, .resume, .stop, .clearVolume, .acknowledgeAlarm:
            let reader = try FieldReader(frame, accepted: PumpStatus.keys, required: PumpStatus.keys, strict: false)
            self = .status(try PumpStatus(reading: reader))
        case .readProgram:
            self = .program(try ProgramReadback(reading: frame))
        case .setProgram, .keepAlive:
            self = .none
        default:
            throw .unknownCommand(frame.code)
        }
    }
}
