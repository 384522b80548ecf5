/// The 4-letter command code of a frame (docs/protocol.md §7), e.g. `SETP`.
///
/// A struct rather than an enum because a pump must be able to hold, and echo in its `unknownCommand` NAK, a code it
/// does not know; the known codes are the static members.
public struct CommandCode: Sendable, Hashable, CustomStringConvertible {
    /// The code as sent: exactly 4 upper-case letters `A`–`Z`.
    public let rawValue: String

    /// Creates a code, or nil unless `text` is exactly 4 upper-case ASCII letters.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 4, bytes.allSatisfy(WireText.isUpperLetter) else { return nil }
        rawValue = text
    }

    private init(known: String) {
        rawValue = known
    }

    /// `IDEN`: identify (model, serial, firmware, protocol version, boot identifier).
    public static let identify = CommandCode(known: "IDEN")
    /// `STAT`: get status.
    public static let getStatus = CommandCode(known: "STAT")
    /// `SETP`: set program.
    public static let setProgram = CommandCode(known: "SETP")
    /// `READ`: read the stored program back, with its token.
    public static let readProgram = CommandCode(known: "READ")
    /// `STRT`: start the stored program (needs its token).
    public static let start = CommandCode(known: "STRT")
    /// `PAUS`: pause a running infusion.
    public static let pause = CommandCode(known: "PAUS")
    /// `RESM`: resume a paused infusion.
    public static let resume = CommandCode(known: "RESM")
    /// `STOP`: stop and discard the program.
    public static let stop = CommandCode(known: "STOP")
    /// `CLRV`: clear the volume counters.
    public static let clearVolume = CommandCode(known: "CLRV")
    /// `ALAK`: acknowledge alarms.
    public static let acknowledgeAlarm = CommandCode(known: "ALAK")
    /// `KEEP`: keep-alive, feeds the watchdog.
    public static let keepAlive = CommandCode(known: "KEEP")
    /// `ALRM`: the code of an unsolicited alarm event; not a command.
    public static let alarmEvent = CommandCode(known: "ALRM")

    /// The 11 command codes a pump executes, in the order of docs/protocol.md §7.
    public static let commands: [CommandCode] = [
        identify, getStatus, setProgram, readProgram, start, pause, resume, stop, clearVolume, acknowledgeAlarm,
        keepAlive,
    ]

    /// The code as sent.
    public var description: String { rawValue }
}
