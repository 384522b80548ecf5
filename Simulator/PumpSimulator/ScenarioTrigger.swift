import Foundation
import PumpProtocol

/// When a scenario rule fires (docs/simulator.md, "Scenarios").
public enum ScenarioTrigger: Sendable, Hashable, CustomStringConvertible {
    /// At this simulated time since the start (`at: 90s`): infusion time, accelerated by `--speed`.
    case simulatedTime(Duration)
    /// At this wall time since the start (`wall: 5s`): real time, never accelerated.
    case wallTime(Duration)
    /// When a pump enters this state (`on: running`).
    case stateEntered(PumpState)
    /// When a pump's reported volume infused reaches this many mL (`vi: 50`).
    case volumeInfused(Decimal)
    /// On the Nth valid request with this code (`on: STRT`, `count: 2`), retransmissions included; the action
    /// runs after the pump handled the request and before its reply is transmitted.
    case command(CommandCode, occurrence: Int)

    /// True for triggers watching a pump (state, volume, command), whose action defaults to that pump.
    var watchesPump: Bool {
        switch self {
        case .simulatedTime, .wallTime: return false
        case .stateEntered, .volumeInfused, .command: return true
        }
    }

    /// `at 90s`, `on running`, `vi 50`, `on STRT #2`, for `fired` lines.
    public var description: String {
        switch self {
        case .simulatedTime(let time): return "at \(SimulatorNumber.secondsText(time))s"
        case .wallTime(let time): return "wall \(SimulatorNumber.secondsText(time))s"
        case .stateEntered(let state): return "on \(state.rawValue)"
        case .volumeInfused(let volume): return "vi \(SimulatorNumber.plain(volume))"
        case .command(let code, let occurrence): return "on \(code) #\(occurrence)"
        }
    }
}
