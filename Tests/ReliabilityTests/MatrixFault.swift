/// One fault the real `pump-sim` can inject (docs/simulator.md, control channel and `--fault` rules): every cause of
/// docs/protocol.md §10.4 the simulator can raise, the reboot of §10.6, and every line fault.
enum MatrixFault: String, CaseIterable, Sendable {
    case occlusionDownstream = "occlusion downstream"
    case occlusionUpstream = "occlusion upstream"
    case airInLine = "air in line"
    case doorOpen = "door open"
    case malfunction = "malfunction"
    case lowBattery = "low battery"
    case batteryDepleted = "battery depleted"
    case reboot = "reboot"
    case silence5 = "silence 5 s"
    case silence120 = "silence 120 s"
    case corruptedReply = "corrupted bytes"
    case droppedReply = "dropped reply"
    case slowReply = "slow reply"
    case garbageBurst = "garbage burst"
    case unplugged = "cable unplugged"
    case duplicateReply = "duplicate frame"

    /// The protocol's alarm code for a physical cause (`fault CODE on`), nil for the others.
    var causeCode: String? {
        switch self {
        case .occlusionDownstream: "occdn"
        case .occlusionUpstream: "occup"
        case .airInLine: "air"
        case .doorOpen: "door"
        case .malfunction: "malfunction"
        default: nil
        }
    }

    /// A fault of the line (the cable, the transmitter) rather than of the pump.
    var isLineFault: Bool {
        switch self {
        case .silence5, .silence120, .corruptedReply, .droppedReply, .slowReply, .garbageBurst, .unplugged, .duplicateReply: true
        default: false
        }
    }

    /// Wall seconds of silence. A 120 s silence is scaled to 12 s against a 10 s watchdog (the protocol's minimum,
    /// §10.5) instead of the site's 30 s: the same order of events (retries exhausted after 2 s, the pump's watchdog
    /// expired, the line back afterwards) in a tenth of the wall time. The watchdog is wall time in the simulator and
    /// may not be accelerated (docs/simulator.md), so this is the only faithful way to make it quick.
    static let shortSilenceSeconds = 5
    static let longSilenceSeconds = 12
    /// The watchdog programmed for the long-silence cells (every other cell uses the site's 30 s).
    static let longSilenceWatchdogSeconds = 10
    /// Wall seconds the cable stays unplugged: longer than the driver's four transmissions would need to notice,
    /// far inside the watchdog.
    static let unplugSeconds = 2

    /// How late a slow reply is: beyond the reply timeout (500 ms on the pty, 1000 ms through TCP, §12).
    static func slowMilliseconds(_ link: MatrixLink) -> Int { link == .pty ? 700 : 1300 }

    /// The control-channel line that injects the fault now.
    func controlLine(_ link: MatrixLink) -> String {
        if let code = causeCode { return "fault \(code) on" }
        switch self {
        case .lowBattery: return "battery 18"
        case .batteryDepleted: return "battery 4"
        case .reboot: return "reboot"
        case .silence5: return "silence \(Self.shortSilenceSeconds)"
        case .silence120: return "silence \(Self.longSilenceSeconds)"
        case .corruptedReply: return "corrupt 1"
        case .droppedReply: return "drop 1"
        case .slowReply: return "slow \(Self.slowMilliseconds(link)) 1"
        case .garbageBurst: return "garbage 4096"
        case .unplugged: return "unplug \(Self.unplugSeconds)"
        case .duplicateReply: return "duplicate 1"
        default: return ""
        }
    }

    /// The `--fault ACTION@TRIGGER` rule that injects the fault when `trigger` happens.
    func rule(at trigger: String, _ link: MatrixLink) -> String {
        let action: String
        if let code = causeCode {
            action = code
        } else {
            switch self {
            case .lowBattery: action = "battery=18"
            case .batteryDepleted: action = "battery=4"
            case .reboot: action = "reboot"
            case .silence5: action = "silence=\(Self.shortSilenceSeconds)"
            case .silence120: action = "silence=\(Self.longSilenceSeconds)"
            case .corruptedReply: action = "corrupt"
            case .droppedReply: action = "drop"
            case .slowReply: action = "slow=\(Self.slowMilliseconds(link)),1"
            case .garbageBurst: action = "garbage=4096"
            case .unplugged: action = "unplug=\(Self.unplugSeconds)"
            case .duplicateReply: action = "duplicate"
            default: action = ""
            }
        }
        return "\(action)@\(trigger)"
    }

    /// The simulator line that says a timed line fault is over, if it has one.
    var endLine: String? {
        switch self {
        case .silence5, .silence120: "ended silence"
        case .unplugged: "replugged "
        default: nil
        }
    }
}
