/// An unsolicited alarm report (docs/protocol.md §11): kind `EVT`, code `ALRM`, the pump's event sequence.
///
/// Sent only on point-to-point links, never acknowledged; a client tolerates it at any time and may ignore it (the
/// status stays authoritative).
public struct PumpEvent: Sendable, Hashable {
    /// The alarm just raised.
    public let alarm: PumpAlarm
    /// The status after the change.
    public let status: PumpStatus

    /// Creates an event.
    public init(alarm: PumpAlarm, status: PumpStatus) {
        self.alarm = alarm
        self.status = status
    }

    /// The event frame, numbered with the pump's own event sequence.
    public func frame(address: PumpAddress, sequence: SequenceNumber) -> Frame {
        Frame(
            unchecked: FrameHeader(address: address, sequence: sequence, kind: .event, code: .alarmEvent),
            fields: [PayloadField(.alarm, alarm.rawValue)] + status.fields)
    }

    /// Decodes an event frame; unknown keys are ignored (minor versions).
    public init(frame: Frame) throws(MessageError) {
        guard frame.kind == .event else { throw .unexpectedKind(frame.kind) }
        guard frame.code == .alarmEvent else { throw .unknownCommand(frame.code) }
        let keys = [PayloadKey.alarm] + PumpStatus.keys
        let reader = try FieldReader(frame, accepted: keys, required: keys, strict: false)
        alarm = try reader.parsed(.alarm, PumpAlarm.init(rawValue:))
        status = try PumpStatus(reading: reader)
    }
}
