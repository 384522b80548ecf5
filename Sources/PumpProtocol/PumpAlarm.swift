/// The alarms of a pump (docs/protocol.md §10.4); the raw value is the short wire code, and the declaration order is
/// the order in which a status lists them.
public enum PumpAlarm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Occlusion downstream (patient side).
    case occlusionDownstream = "occdn"
    /// Occlusion upstream (container side).
    case occlusionUpstream = "occup"
    /// Air in line.
    case airInLine = "air"
    /// Door open.
    case doorOpen = "door"
    /// Low battery (advisory).
    case lowBattery = "battlow"
    /// Battery depleted.
    case batteryDepleted = "battdead"
    /// Near end of infusion (advisory).
    case nearEnd = "nearend"
    /// Infusion complete, KVO running.
    case infusionComplete = "complete"
    /// Pump malfunction.
    case malfunction = "malfunction"
    /// Communication lost: the watchdog expired.
    case communicationLost = "commlost"

    /// True for the alarms that stop the motor and move a running pump to `alarm`.
    public var stopsMotor: Bool {
        switch self {
        case .occlusionDownstream, .occlusionUpstream, .airInLine, .doorOpen, .batteryDepleted, .malfunction,
            .communicationLost:
            return true
        case .lowBattery, .nearEnd, .infusionComplete:
            return false
        }
    }

    /// True for the advisory alarms, raised exactly while their cause is present and never acknowledged.
    public var isAdvisory: Bool { self == .lowBattery || self == .nearEnd }

    /// The name a nurse reads, e.g. "occlusion downstream".
    public var description: String {
        switch self {
        case .occlusionDownstream: return "occlusion downstream"
        case .occlusionUpstream: return "occlusion upstream"
        case .airInLine: return "air in line"
        case .doorOpen: return "door open"
        case .lowBattery: return "low battery"
        case .batteryDepleted: return "battery depleted"
        case .nearEnd: return "near end of infusion"
        case .infusionComplete: return "infusion complete (KVO)"
        case .malfunction: return "pump malfunction"
        case .communicationLost: return "communication lost"
        }
    }

    /// The `alarms` field text: codes in declaration order, separated by `,`.
    static func wireList(_ alarms: Set<PumpAlarm>) -> String {
        allCases.filter(alarms.contains).map(\.rawValue).joined(separator: ",")
    }

    /// Parses an `alarms` field: empty, or known codes each at most once, in any order.
    static func parseList(_ text: String) -> Set<PumpAlarm>? {
        guard !text.isEmpty else { return [] }
        var alarms: Set<PumpAlarm> = []
        for code in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let alarm = PumpAlarm(rawValue: String(code)), alarms.insert(alarm).inserted else { return nil }
        }
        return alarms
    }
}
