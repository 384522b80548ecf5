import PumpProtocol

/// Why a pump command did not give its result. Every case names the pump and port (`pump 01 on /dev/pts/3`), the
/// command, and says whether the pump may have executed it, so a nurse or engineer knows what to do next.
public enum PumpDriverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line could not be opened (or reopened); nothing was sent.
    case lineUnavailable(pump: String, detail: String)
    /// The line was down when the command was to be sent; nothing was sent.
    case lineDown(pump: String, command: CommandCode, detail: String)
    /// No IDEN has confirmed a pump this driver may operate (never connected, or refused); nothing was sent.
    case notConnected(pump: String, command: CommandCode)
    /// The pump speaks another major protocol version (docs/protocol.md §13); it is sent nothing but IDEN.
    case unsupportedProtocol(pump: String, version: ProtocolVersion)
    /// IDEN reports another serial number than at connection: another pump is behind this line.
    case differentPump(pump: String, expectedSerial: String, foundSerial: String)
    /// Every transmission went unanswered (or arrived damaged): whether the pump executed it is UNKNOWN.
    case noReply(
        pump: String, command: CommandCode, transmissions: Int, elapsed: Duration, reasons: [RetransmissionReason])
    /// The transport failed after the request was written (perhaps in part): whether it executed is UNKNOWN.
    case linkFailed(pump: String, command: CommandCode, transmissions: Int, detail: String)
    /// The pump refused the request with a NAK (docs/protocol.md §8); it did not execute it.
    case refused(pump: String, command: CommandCode, reason: NakReason)
    /// The pump answered, but the reply does not decode: its content cannot be trusted, so the outcome is unknown.
    case undecodableReply(pump: String, command: CommandCode, reply: String, detail: String)
    /// The pump's boot identifier changed: it restarted, any infusion was interrupted, its program and volumes are
    /// lost. `status` is the status that revealed it, when it was one.
    case pumpRebooted(pump: String, previous: BootId, current: BootId, status: PumpStatus?)
    /// The read-back program differs from the intended one; nothing was started.
    case readbackMismatch(pump: String, mismatches: [ReadbackMismatch])
    /// The pump is not `programmed`, so its stored program cannot be started (it may already be running).
    case notStartable(pump: String, state: PumpState)
    /// The verified program cannot be used for this start (another driver, another boot, a newer program).
    case staleVerification(pump: String, detail: String)
    /// A START with this token was already sent and either succeeded or has an unknown outcome; the driver never
    /// sends it again.
    case startAlreadyAttempted(pump: String, token: ProgramToken)
    /// The calling task was cancelled before the command was sent; nothing was sent.
    case cancelled(pump: String, command: CommandCode)
    /// The exchange observer (the journal) could not record the request. Before sending (`sent` false) nothing was
    /// sent; after the outcome (`sent` true) the pump's answer is known to the driver but unrecorded, and the
    /// controller must stop commanding: the pump's watchdog then stops an unwatched infusion (docs/protocol.md §10.5).
    case notRecorded(pump: String, command: CommandCode, sent: Bool, detail: String)

    /// True when the pump may or may not have executed the request: read its status (and identity) before acting.
    public var outcomeUnknown: Bool {
        switch self {
        case .noReply, .linkFailed, .undecodableReply: return true
        default: return false
        }
    }

    /// The NAK reason when the pump refused the request.
    public var refusal: NakReason? {
        if case .refused(_, _, let reason) = self { return reason }
        return nil
    }

    /// One line naming the pump, the port, the command and what to do.
    public var description: String {
        switch self {
        case .lineUnavailable(let pump, let detail):
            return "\(pump): cannot open the line: \(detail)"
        case .lineDown(let pump, let command, let detail):
            return "\(pump): the line is down (\(detail)); \(command) was not sent"
        case .notConnected(let pump, let command):
            return "\(pump): not connected (no IDEN has confirmed a pump this driver may operate); \(command) was not sent"
        case .unsupportedProtocol(let pump, let version):
            return "\(pump) speaks protocol \(version); this driver speaks \(ProtocolVersion.current.major).x only and "
                + "sends it nothing but IDEN"
        case .differentPump(let pump, let expected, let found):
            return "\(pump) reports serial \(found), not \(expected) as when connected: another pump is on this line; "
                + "nothing more is sent to it"
        case .noReply(let pump, let command, let transmissions, let elapsed, let reasons):
            let damaged = reasons.filter { $0 == .damagedRequest }.count
            let detail = damaged > 0 ? " (\(damaged) received damaged, the others unanswered)" : ""
            return "\(pump) did not answer \(command): \(transmissions) transmission\(transmissions == 1 ? "" : "s") "
                + "over \(DurationText.seconds(elapsed))\(detail)" + Self.unknownOutcome(command)
        case .linkFailed(let pump, let command, let transmissions, let detail):
            return "\(pump): the link failed during \(command) after \(transmissions) "
                + "transmission\(transmissions == 1 ? "" : "s"): \(detail)" + Self.unknownOutcome(command)
        case .refused(let pump, let command, let reason):
            return "\(pump) refused \(command) (\(reason.code)): \(reason)"
        case .undecodableReply(let pump, let command, let reply, let detail):
            return "\(pump) answered \(command) with a reply that cannot be read (\(detail)): \(reply)"
                + Self.unknownOutcome(command)
        case .pumpRebooted(let pump, let previous, let current, _):
            return "\(pump) restarted (boot \(previous) is now \(current)): any infusion was interrupted and its "
                + "program and volumes are lost; nothing was restarted: check the patient and the pump"
        case .readbackMismatch(let pump, let mismatches):
            return "\(pump) read back a program that differs from the one intended ("
                + mismatches.map(\.description).joined(separator: "; ") + "); nothing was started"
        case .notStartable(let pump, let state):
            return "\(pump) is \(state.rawValue), not programmed: its program cannot be started (read its status)"
        case .staleVerification(let pump, let detail):
            return "\(pump): the verified program cannot be started: \(detail); read the program back again"
        case .startAlreadyAttempted(let pump, let token):
            return "\(pump): START with token \(token) was already sent (started, or outcome unknown); it is never "
                + "sent again: read the status, and program the pump again for a new token if it is not running"
        case .cancelled(let pump, let command):
            return "\(pump): \(command) was cancelled before it was sent"
        case .notRecorded(let pump, let command, let sent, let detail):
            return sent
                ? "\(pump): \(command) was sent but its outcome could not be recorded (\(detail)); no further command is sent"
                : "\(pump): \(command) could not be recorded before sending (\(detail)), so it was not sent"
        }
    }

    private static func unknownOutcome(_ command: CommandCode) -> String {
        guard PumpDriver.changesState(command) else { return "" }
        return "; whether the pump executed \(command) is UNKNOWN: read its status before doing anything else"
    }
}
