import PumpProtocol

/// The alarm lifecycle of docs/protocol.md §10.3, kept apart from the state machine so its rules read in one place.
///
/// - A motor-stopping alarm is raised when its cause appears and stays raised (latched) until its cause has cleared
///   **and** it has been acknowledged, in either order.
/// - An advisory alarm (`battlow`, `nearend`) is raised exactly while its cause is present.
/// - `complete` is raised on completion and removed only by STOP (or a power cycle).
///
/// The book only says what was raised or cleared; the pump decides what that does to its state.
struct AlarmBook: Sendable, Hashable {
    /// What one call changed in the raised set, in the order it happened.
    enum Change: Sendable, Hashable {
        case raised(PumpAlarm)
        case cleared(PumpAlarm)
    }

    /// The raised alarms: what a status lists.
    private(set) var raised: Set<PumpAlarm> = []
    /// Causes present now (motor-stopping and advisory alarms).
    private(set) var causes: Set<PumpAlarm> = []
    /// Raised motor-stopping alarms that have been acknowledged while their cause was still present.
    private var acknowledged: Set<PumpAlarm> = []

    /// The raised alarms that stop the motor and refuse STRT/RESM.
    var motorStopping: Set<PumpAlarm> { raised.filter(\.stopsMotor) }

    /// Records that the cause of `alarm` appeared or cleared.
    mutating func setCause(_ alarm: PumpAlarm, present: Bool) -> [Change] {
        guard alarm != .infusionComplete else { return [] }
        if present {
            guard causes.insert(alarm).inserted else { return [] }
            guard raised.insert(alarm).inserted else { return [] }
            acknowledged.remove(alarm)
            return [.raised(alarm)]
        }
        guard causes.remove(alarm) != nil else { return [] }
        if alarm.isAdvisory || acknowledged.contains(alarm) {
            return remove(alarm)
        }
        return []
    }

    /// ALAK: acknowledges every raised motor-stopping alarm; those whose cause has cleared disappear.
    mutating func acknowledgeAll() -> [Change] {
        var changes: [Change] = []
        for alarm in PumpAlarm.allCases where raised.contains(alarm) && alarm.stopsMotor {
            if causes.contains(alarm) {
                acknowledged.insert(alarm)
            } else {
                changes += remove(alarm)
            }
        }
        return changes
    }

    /// Completion: raises `complete`.
    mutating func raiseComplete() -> [Change] {
        raised.insert(.infusionComplete).inserted ? [.raised(.infusionComplete)] : []
    }

    /// STOP: `complete` disappears (and `nearend`, whose cause the pump clears with the program).
    mutating func removeComplete() -> [Change] {
        remove(.infusionComplete)
    }

    private mutating func remove(_ alarm: PumpAlarm) -> [Change] {
        acknowledged.remove(alarm)
        return raised.remove(alarm) == nil ? [] : [.cleared(alarm)]
    }
}
