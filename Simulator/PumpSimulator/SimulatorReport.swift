import PumpProtocol

/// One machine-readable line the simulator writes on stdout (grammar in docs/simulator.md, "Output lines").
///
/// Words are separated by single spaces; values are `key=value`; addresses are plain numbers (`1`, not `01`);
/// volumes always have 3 decimals. A test waits for a line with a deadline instead of sleeping.
public enum SimulatorReport: Sendable, Hashable, CustomStringConvertible {
    /// A pump changed state: `state 1 running vi=0.000 kvo=0.000 rate=66.6 vtbi=100 rem=5406 bat=87 alarms= boot=5A3C9E01`.
    case state(PumpAddress, PumpStatus)
    /// The answer to `status`: the same fields, first word `status`.
    case status(PumpAddress, PumpStatus)
    /// `alarm 1 raised door`.
    case alarmRaised(PumpAddress, PumpAlarm)
    /// `alarm 1 cleared door`.
    case alarmCleared(PumpAddress, PumpAlarm)
    /// `rebooted 1 boot=1F2E3D4C`.
    case rebooted(PumpAddress, BootId)
    /// `ok <command>`: a control command was executed; its effects were reported before this line.
    case ok(ControlCommand)
    /// `fired <origin> <command>`: a scenario rule or `--fault` ran its action; effects reported before.
    case fired(origin: String, command: ControlCommand)
    /// `error <message>`: a control line was refused (nothing was done).
    case error(String)
    /// `ended silence`, `ended slow`: a timed line fault is over.
    case ended(String)
    /// `unplugged`: the cable was pulled (pty closed or TCP connection dropped and refused).
    case unplugged
    /// `replugged <path>` or `replugged tcp 127.0.0.1:<port>`: the new endpoint.
    case replugged(String)
    /// `connected <peer>` / `disconnected`: a TCP client came or went.
    case connected(String)
    /// See `connected`.
    case disconnected

    /// The line, without its newline.
    public var description: String {
        switch self {
        case .state(let address, let status): return "state \(address.value) " + Self.fields(status)
        case .status(let address, let status): return "status \(address.value) " + Self.fields(status)
        case .alarmRaised(let address, let alarm): return "alarm \(address.value) raised \(alarm.rawValue)"
        case .alarmCleared(let address, let alarm): return "alarm \(address.value) cleared \(alarm.rawValue)"
        case .rebooted(let address, let boot): return "rebooted \(address.value) boot=\(boot)"
        case .ok(let command): return "ok \(command)"
        case .fired(let origin, let command): return "fired \(origin) \(command)"
        case .error(let message): return "error \(message)"
        case .ended(let what): return "ended \(what)"
        case .unplugged: return "unplugged"
        case .replugged(let endpoint): return "replugged \(endpoint)"
        case .connected(let peer): return "connected \(peer)"
        case .disconnected: return "disconnected"
        }
    }

    /// `<state> vi= kvo= rate= vtbi= rem= bat= alarms= boot=`.
    static func fields(_ status: PumpStatus) -> String {
        [
            status.state.rawValue,
            "vi=" + SimulatorNumber.fixed(status.volumeInfusedMl, fractionDigits: 3),
            "kvo=" + SimulatorNumber.fixed(status.kvoVolumeMl, fractionDigits: 3),
            "rate=" + SimulatorNumber.plain(status.rateMlPerHour),
            "vtbi=" + SimulatorNumber.plain(status.vtbiMl),
            "rem=\(status.timeRemainingSeconds)",
            "bat=\(status.batteryPercent)",
            "alarms=" + PumpAlarm.allCases.filter(status.alarms.contains).map(\.rawValue).joined(separator: ","),
            "boot=\(status.bootId)",
        ].joined(separator: " ")
    }
}
