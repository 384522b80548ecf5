/// A request from the controller to a pump (docs/protocol.md §7).
///
/// The driver encodes it with `frame(address:sequence:)`; the pump (simulator) decodes it with `init(frame:)`, which
/// performs every frame-only check of §7.1 (code, unknown and missing fields, values including the hard limits) so
/// that what remains for the pump is its state rules.
public enum PumpCommand: Sendable, Hashable {
    /// `IDEN`: model, serial, firmware, protocol version, boot identifier.
    case identify
    /// `STAT`: the status.
    case getStatus
    /// `SETP`: store a program; the pump draws a new token (revealed only by READ).
    case setProgram(PumpProgram)
    /// `READ`: the stored program and its token.
    case readProgram
    /// `STRT`: start the stored program whose token this is.
    case start(ProgramToken)
    /// `PAUS`: pause a running infusion.
    case pause
    /// `RESM`: resume a paused infusion (the same program; no new START).
    case resume
    /// `STOP`: stop and discard the program; always accepted.
    case stop
    /// `CLRV`: set the volume counters to zero (idle or programmed).
    case clearVolume
    /// `ALAK`: acknowledge the raised alarms; always accepted.
    case acknowledgeAlarm
    /// `KEEP`: feed the watchdog.
    case keepAlive

    /// The wire code.
    public var code: CommandCode {
        switch self {
        case .identify: return .identify
        case .getStatus: return .getStatus
        case .setProgram: return .setProgram
        case .readProgram: return .readProgram
        case .start: return .start
        case .pause: return .pause
        case .resume: return .resume
        case .stop: return .stop
        case .clearVolume: return .clearVolume
        case .acknowledgeAlarm: return .acknowledgeAlarm
        case .keepAlive: return .keepAlive
        }
    }

    /// The request frame (kind `CMD`).
    public func frame(address: PumpAddress, sequence: SequenceNumber) -> Frame {
        let fields: [PayloadField]
        switch self {
        case .setProgram(let program): fields = program.fields
        case .start(let token): fields = [PayloadField(.token, token.description)]
        case .identify, .getStatus, .readProgram, .pause, .resume, .stop, .clearVolume, .acknowledgeAlarm, .keepAlive:
            fields = []
        }
        return Frame(
            unchecked: FrameHeader(address: address, sequence: sequence, kind: .command, code: code), fields: fields)
    }

    /// Decodes a request frame in the order of §7.1: the code, unknown fields (first in frame order), missing fields
    /// (first in document order), then each value in document order. `error.nakReason` is the NAK to send.
    public init(frame: Frame) throws(MessageError) {
        guard frame.kind == .command else { throw .unexpectedKind(frame.kind) }
        switch frame.code {
        case .setProgram:
            let reader = try FieldReader(
                frame, accepted: PumpProgram.keys, required: PumpProgram.requiredKeys, strict: true)
            self = .setProgram(try PumpProgram(reading: reader))
        case .start:
            let reader = try FieldReader(frame, accepted: [.token], required: [.token], strict: true)
            self = .start(try reader.parsed(.token, ProgramToken.init(wireText:)))
        default:
            let simple: [CommandCode: PumpCommand] = [
                .identify: .identify, .getStatus: .getStatus, .readProgram: .readProgram, .pause: .pause,
                .resume: .resume, .stop: .stop, .clearVolume: .clearVolume, .acknowledgeAlarm: .acknowledgeAlarm,
                .keepAlive: .keepAlive,
            ]
            guard let command = simple[frame.code] else { throw .unknownCommand(frame.code) }
            _ = try FieldReader(frame, accepted: [], required: [], strict: true)
            self = command
        }
    }
}
