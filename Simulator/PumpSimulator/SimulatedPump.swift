import Foundation
import PumpProtocol

/// One simulated volumetric pump: the state machine, alarm lifecycle, watchdog, reply cache and infusion physics of
/// docs/protocol.md, with no I/O and no clock.
///
/// Every call that changes it carries the `SimulationInstant` at which it happens; the pump first brings its physics
/// up to that instant (volume on the simulated clock, watchdog on the wall clock), then acts. Callers collect the
/// returned `PumpNotice`s to report state changes and transmit events. Randomness (tokens, boot identifiers) comes
/// from the injected generator, so tests are reproducible and the executable uses the system's source.
public struct SimulatedPump: Sendable {
    /// The pump's fixed settings.
    public let configuration: PumpConfiguration
    /// The identifier of the current power-up.
    public internal(set) var bootId: BootId
    /// The current state.
    public internal(set) var state: PumpState = .idle
    /// The instant the pump's physics has been brought up to.
    public internal(set) var now: SimulationInstant

    var generator: any RandomNumberGenerator & Sendable
    /// A valid status to report should computing the real one ever fail (unreachable by construction: every input
    /// is range-checked); reporting it with `malfunction` is safer than crashing.
    var fallbackStatus: PumpStatus

    var program: PumpProgram?
    var token: ProgramToken?
    var lastToken: ProgramToken?
    var infused = VolumeMeter()
    var kvoDelivered = VolumeMeter()
    var battery: BatteryGauge
    var alarms = AlarmBook()
    var cache = ReplyCache()
    var eventSequence = SequenceNumber.zero
    /// Wall nanoseconds at which the armed watchdog expires; nil when disarmed.
    var watchdogDeadline: Int64?
    /// Notices produced by the current call, drained when it returns.
    var pending: [PumpNotice] = []

    /// Powers a pump up at `instant`: idle, no program, empty cache, new boot identifier.
    ///
    /// Throws when the configured model, serial or firmware text is not one IDEN may carry (docs/protocol.md §6.2).
    public init(
        configuration: PumpConfiguration, generator: any RandomNumberGenerator & Sendable,
        at instant: SimulationInstant = .start
    ) throws(FieldValueError) {
        var generator = generator
        let boot = BootId.random(using: &generator)
        _ = try PumpIdentity(
            model: configuration.model, serialNumber: configuration.serialNumber,
            firmwareVersion: configuration.firmwareVersion, protocolVersion: .current, bootId: boot)
        self.configuration = configuration
        self.generator = generator
        self.bootId = boot
        self.now = instant
        self.battery = BatteryGauge(percent: configuration.batteryPercent)
        self.fallbackStatus = try Self.malfunctionStatus(bootId: boot)
        _ = updateConditions()
        pending.removeAll()
    }

    /// The pump's address.
    public var address: PumpAddress { configuration.address }

    /// The status of docs/protocol.md §9 as the pump would report it now.
    public var status: PumpStatus {
        let rate: Decimal
        switch state {
        case .running: rate = program?.rateMlPerHour ?? 0
        case .complete: rate = program.map { PumpBehavior.kvoRate(programRateMlPerHour: $0.rateMlPerHour) } ?? 0
        case .idle, .programmed, .paused, .alarm: rate = 0
        }
        do {
            return try PumpStatus(
                state: state, rateMlPerHour: rate, vtbiMl: program?.vtbiMl ?? 0,
                volumeInfusedMl: infused.truncatedMl, kvoVolumeMl: kvoDelivered.truncatedMl,
                timeRemainingSeconds: timeRemainingSeconds, batteryPercent: battery.percent, alarms: alarms.raised,
                bootId: bootId)
        } catch {
            return fallbackStatus
        }
    }

    /// `rem` of §9: ⌈(vtbi − vi) × 3600 / program rate⌉ in programmed, running, paused and alarm; 0 otherwise.
    var timeRemainingSeconds: Int {
        guard let program else { return 0 }
        switch state {
        case .programmed, .running, .paused, .alarm:
            return PumpBehavior.timeRemainingSeconds(
                vtbiMl: program.vtbiMl, volumeInfusedMl: infused.truncatedMl, rateMlPerHour: program.rateMlPerHour)
        case .idle, .complete:
            return 0
        }
    }

    /// The wall instant (nanoseconds since start) at which the watchdog expires, or nil when it is disarmed.
    public var watchdogDeadlineWallNanoseconds: Int64? { watchdogDeadline }

    /// The injectable causes present now (the door is open, ...).
    public var presentCauses: Set<AlarmCause> {
        Set(AlarmCause.allCases.filter { alarms.causes.contains($0.alarm) })
    }

    // MARK: Time

    /// Brings the physics up to `instant`: delivers volume at the program rate (then KVO), drains the battery,
    /// raises and clears the alarms that follow from it, and expires the watchdog exactly at its deadline.
    public mutating func advance(to instant: SimulationInstant) -> [PumpNotice] {
        moveTime(to: instant)
        return drainNotices()
    }

    mutating func moveTime(to instant: SimulationInstant) {
        let target = SimulationInstant(
            wallNanoseconds: max(instant.wallNanoseconds, now.wallNanoseconds),
            simulatedNanoseconds: max(instant.simulatedNanoseconds, now.simulatedNanoseconds))
        if state == .running, let deadline = watchdogDeadline, deadline <= target.wallNanoseconds {
            if deadline > now.wallNanoseconds {
                let split = now.interpolated(
                    toward: target, numerator: deadline - now.wallNanoseconds,
                    denominator: target.wallNanoseconds - now.wallNanoseconds)
                integrate(to: split)
            }
            // Completion or a motor-stopping alarm before the deadline disarmed it.
            if state == .running { expireWatchdog() }
        }
        integrate(to: target)
    }

    private mutating func integrate(to target: SimulationInstant) {
        var remaining = target.simulatedNanoseconds - now.simulatedNanoseconds
        let motorTurning = state == .running || state == .complete
        battery.drain(nanoseconds: remaining, motorRunning: motorTurning)
        if state == .running, let program, let rate = VolumeMeter.rateTenths(ofMlPerHour: program.rateMlPerHour),
            let vtbiUnits = VolumeMeter.units(ofMl: program.vtbiMl)
        {
            let toCompletion = infused.nanosecondsToReach(vtbiUnits, rateTenths: rate)
            if remaining >= toCompletion {
                infused.deliver(rateTenths: rate, nanoseconds: toCompletion, cap: vtbiUnits)
                remaining -= toCompletion
                complete()
            } else {
                infused.deliver(rateTenths: rate, nanoseconds: remaining, cap: vtbiUnits)
                remaining = 0
            }
        }
        if state == .complete, let program,
            let kvoRate = VolumeMeter.rateTenths(
                ofMlPerHour: PumpBehavior.kvoRate(programRateMlPerHour: program.rateMlPerHour))
        {
            kvoDelivered.deliver(rateTenths: kvoRate, nanoseconds: remaining, cap: VolumeMeter.kvoCapUnits)
        }
        now = target
        apply(updateConditions())
    }

    /// `vi` reached `vtbi`: state `complete`, alarm `complete`, the motor continues at the KVO rate, the watchdog
    /// is disarmed (§10.2, §10.5).
    private mutating func complete() {
        watchdogDeadline = nil
        state = .complete
        apply(alarms.raiseComplete())
        apply(updateConditions())
        pending.append(.stateChanged(status))
    }

    private mutating func expireWatchdog() {
        watchdogDeadline = nil
        apply(alarms.setCause(.communicationLost, present: true))
    }

    /// Arms the watchdog for the program's period from now (STRT, RESM into `running`).
    mutating func armWatchdog() {
        let period = Int64(program?.watchdogSeconds ?? PumpLimits.defaultWatchdogSeconds) * 1_000_000_000
        watchdogDeadline = SimulationInstant.saturatingAdd(now.wallNanoseconds, period)
    }

    /// A frame that feeds the watchdog arrived (§10.5): the period restarts and `commlost`'s cause clears.
    mutating func feedWatchdog() {
        if watchdogDeadline != nil { armWatchdog() }
        apply(alarms.setCause(.communicationLost, present: false))
    }

    // MARK: Alarms

    /// Recomputes the causes that follow from the pump's own condition: battery thresholds and near end.
    mutating func updateConditions() -> [AlarmBook.Change] {
        var changes = alarms.setCause(.lowBattery, present: battery.isLow)
        changes += alarms.setCause(.batteryDepleted, present: battery.isDepleted)
        changes += alarms.setCause(.nearEnd, present: isNearEnd)
        return changes
    }

    /// `nearend` (reference pump, §10.4): a started, not completed program with `rem` ≤ 300 s.
    private var isNearEnd: Bool {
        guard let program, [.running, .paused, .alarm].contains(state),
            infused.truncatedMl < program.vtbiMl
        else { return false }
        return timeRemainingSeconds <= PumpBehavior.nearEndSeconds
    }

    /// Applies alarm changes to the state (§10.2, §10.3) and records notices and events, one change at a time.
    mutating func apply(_ changes: [AlarmBook.Change]) {
        for change in changes {
            switch change {
            case .raised(let alarm):
                if alarm.stopsMotor, state == .running || state == .complete {
                    watchdogDeadline = nil
                    setState(.alarm)
                }
                pending.append(.alarmRaised(alarm))
                if configuration.sendsEvents {
                    pending.append(.event(PumpEvent(alarm: alarm, status: status).frame(address: address, sequence: eventSequence)))
                    eventSequence = eventSequence.next
                }
            case .cleared(let alarm):
                pending.append(.alarmCleared(alarm))
                if state == .alarm, alarms.motorStopping.isEmpty {
                    setState(.paused)
                }
            }
        }
    }

    mutating func setState(_ newState: PumpState) {
        guard newState != state else { return }
        state = newState
        if newState != .running { watchdogDeadline = nil }
        apply(updateConditions())
        pending.append(.stateChanged(status))
    }

    mutating func drainNotices() -> [PumpNotice] {
        defer { pending.removeAll() }
        return pending
    }

    // MARK: Faults

    /// Makes an injectable cause appear or clear at `instant` (a door opened, an occlusion relieved ...).
    public mutating func setCause(_ cause: AlarmCause, present: Bool, at instant: SimulationInstant) -> [PumpNotice] {
        moveTime(to: instant)
        apply(alarms.setCause(cause.alarm, present: present))
        return drainNotices()
    }

    /// Sets the battery charge at `instant` (a depleted battery, mains power restored ...); thresholds follow.
    public mutating func setBattery(percent: Int, at instant: SimulationInstant) -> [PumpNotice] {
        moveTime(to: instant)
        battery = BatteryGauge(percent: percent)
        apply(updateConditions())
        return drainNotices()
    }

    /// Power cycle at `instant` (§10.6): program, token, counters, reply cache and event sequence are lost; the
    /// boot identifier is new; the pump is `idle`. Causes in the physical world (door, occlusion, air, battery
    /// level) are still there and raise their alarms again; `malfunction` and `commlost` are gone.
    public mutating func reboot(at instant: SimulationInstant) -> [PumpNotice] {
        moveTime(to: instant)
        let survivingCauses = presentCauses.filter(\.survivesReboot)
        var newBoot = BootId.random(using: &generator)
        while newBoot == bootId { newBoot = BootId.random(using: &generator) }
        bootId = newBoot
        fallbackStatus = (try? Self.malfunctionStatus(bootId: newBoot)) ?? fallbackStatus
        state = .idle
        program = nil
        token = nil
        lastToken = nil
        infused = VolumeMeter()
        kvoDelivered = VolumeMeter()
        alarms = AlarmBook()
        cache = ReplyCache()
        eventSequence = .zero
        watchdogDeadline = nil
        pending.append(.rebooted(newBoot))
        apply(updateConditions())
        for cause in AlarmCause.allCases where survivingCauses.contains(cause) {
            apply(alarms.setCause(cause.alarm, present: true))
        }
        pending.append(.stateChanged(status))
        return drainNotices()
    }

    private static func malfunctionStatus(bootId: BootId) throws(FieldValueError) -> PumpStatus {
        try PumpStatus(
            state: .alarm, rateMlPerHour: 0, vtbiMl: 0, volumeInfusedMl: 0, kvoVolumeMl: 0, timeRemainingSeconds: 0,
            batteryPercent: 0, alarms: [.malfunction], bootId: bootId)
    }
}
