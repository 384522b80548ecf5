import PumpProtocol

/// A cause the simulator can make appear or clear on demand (control channel, scenario, `--fault`).
///
/// Only causes that come from the outside world or the hardware are injectable. `battlow` and `battdead` follow the
/// battery level (`battery PCT`), `nearend` and `complete` follow the infusion, `commlost` follows the watchdog:
/// injecting those directly would let a test see a combination no real pump can produce.
public enum AlarmCause: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Occlusion downstream (patient side).
    case occlusionDownstream = "occdn"
    /// Occlusion upstream (container side).
    case occlusionUpstream = "occup"
    /// Air in line.
    case airInLine = "air"
    /// Door open.
    case doorOpen = "door"
    /// Pump malfunction; cleared by `fault malfunction off` (service) or a reboot.
    case malfunction = "malfunction"

    /// The alarm this cause raises.
    public var alarm: PumpAlarm {
        switch self {
        case .occlusionDownstream: return .occlusionDownstream
        case .occlusionUpstream: return .occlusionUpstream
        case .airInLine: return .airInLine
        case .doorOpen: return .doorOpen
        case .malfunction: return .malfunction
        }
    }

    /// True for causes in the physical world (a door, a tube), which a reboot of the pump does not remove.
    public var survivesReboot: Bool { self != .malfunction }

    /// The accepted names, for error messages.
    public static let acceptedNames = allCases.map(\.rawValue).joined(separator: ", ")

    /// The wire code, e.g. `door`.
    public var description: String { rawValue }
}
