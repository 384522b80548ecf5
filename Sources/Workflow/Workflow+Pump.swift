import Discovery
import Foundation
import Journal
import Preparation
import PumpDriver
import PumpProtocol

extension Workflow {
    // MARK: Connecting

    /// Opens the line to a preparation's pump and connects (IDEN), journalling every exchange under the preparation.
    public func openPumpSession(
        _ id: String, endpoint: PumpEndpointSpec, address: Int, location: PumpLocation, timing: PumpLinkTiming,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws(WorkflowError) -> PumpSession {
        _ = try record(id)
        guard let pumpAddress = PumpAddress(address) else {
            throw .badInput(field: "--address", message: "must be a pump address from 0 to 99, found \(address)")
        }
        let line: PumpLine
        do {
            line = try await PumpLine.open(location, timing: timing, clock: clock)
        } catch {
            throw .pump(preparationId: id, detail: "pump \(pumpAddress) on \(location): cannot open the line: \(error.description)")
        }
        let driver = PumpDriver(line: line, address: pumpAddress) { exchange in
            try await self.journalExchange(id, exchange)
        }
        do {
            let identity = try await driver.connect()
            return PumpSession(endpoint: endpoint, line: line, driver: driver, identity: identity)
        } catch {
            await line.close()
            throw .pump(preparationId: id, detail: error.description)
        }
    }

    /// Opens a session to the pump named by the nurse, or, when none is named, to the pump recorded for the
    /// preparation (the same symlink, server or USB adapter, so a restarted controller re-attaches the same way).
    public func openPumpSession(
        _ id: String, endpoint: PumpEndpointSpec?, address: Int?, profile: String?, catalog: PumpProfileCatalog,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws(WorkflowError) -> PumpSession {
        let record = try record(id)
        guard let spec = endpoint ?? record.pump.flatMap({ PumpEndpointSpec(journalled: $0.endpoint) }) else {
            throw .badInput(field: "--port", message: "no pump is recorded for \(id): give --port PATH, --tcp HOST:PORT or --match VID:PID[:SERIAL]")
        }
        let location: PumpLocation
        let timing: PumpLinkTiming
        do {
            (location, timing) = try PumpConnector.resolve(spec, profileName: profile, catalog: catalog)
        } catch {
            if error.isBadInput { throw .badInput(field: "--\(spec.description.prefix { $0 != ":" })", message: error.description) }
            throw .pump(preparationId: id, detail: error.description)
        }
        return try await openPumpSession(id, endpoint: spec, address: address ?? record.pump?.address ?? 1, location: location, timing: timing, clock: clock)
    }

    /// Journals one pump exchange (an intent before sending, or an outcome). Throwing stops the driver from sending.
    func journalExchange(_ id: String, _ exchange: PumpExchange) async throws(WorkflowError) {
        var data: [String: JournalValue] = [
            "phase": .string(exchange.phase.rawValue), "command": .string(exchange.command.description),
            "address": .number(Decimal(exchange.address.value)), "port": .string(exchange.port),
            "sequence": .string(exchange.sequence.description), "request": .string(exchange.request),
        ]
        if let outcome = exchange.outcome {
            data["outcome"] = .string(outcome.description)
            data["transmissions"] = .number(Decimal(exchange.transmissions))
            data["retransmissions"] = .array(exchange.retransmissionReasons.map { .string("\($0)") })
            data["durationMs"] = .number(Decimal(exchange.duration.components.seconds * 1000 + exchange.duration.components.attoseconds / 1_000_000_000_000_000))
        }
        try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.exchange", data: data)])
    }

    // MARK: Program and start

    /// Programs the pump with the approved plan: SETP, READ, every field compared, and the token recorded.
    ///
    /// Refused for a bag past (or reaching before the infusion would end) its beyond-use time, a rate that would
    /// finish in under the label's minimum, or a preparation without an engine-approved plan.
    @discardableResult
    public func program(_ id: String, session: PumpSession, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .program, actor: nurse)
        let plan = try await approvedPlan(record, .program, actor: nurse)
        if record.startRequested {
            try await refuse(record, .program, actor: nurse, "a START was sent and its outcome is not yet reconciled: run `infusion watch` first")
        }
        let program = try await pumpProgram(plan, record, .program, actor: nurse)
        let status = try await pumpStep(record, .program, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.status() }
        switch status.state {
        case .idle:
            if status.volumeInfusedMl > 0 || status.kvoVolumeMl > 0 {
                // The previous infusion's counters are in the journal as this exchange's reply; clear them so that
                // the volume infused counts only this bag.
                _ = try await pumpStep(record, .program, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.clearVolume() }
            }
        case .programmed:
            break
        case .running, .paused, .alarm, .complete:
            try await refuse(record, .program, actor: nurse, "\(session.identity.serialNumber) is \(status.state.rawValue): it is busy with another infusion")
        }
        let verified = try await pumpStep(record, .program, actor: nurse) { () async throws(PumpDriverError) in
            try await session.driver.programAndVerify(program)
        }
        return try await transition(id, .program, actor: nurse, [
            "endpoint": .string(session.endpoint.description), "address": .number(Decimal(verified.address.value)),
            "pumpSerial": .string(session.identity.serialNumber), "bootId": .string(verified.bootId.description),
            "token": .string(verified.token.description), "program": Self.journalValue(of: verified.program),
        ])
    }

    /// Starts the infusion: re-reads the program and compares it (and its token) with what was programmed, journals
    /// "about to start", sends START once, and journals the start. Never sends a second START for a program.
    @discardableResult
    public func start(_ id: String, session: PumpSession, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .start, actor: nurse)
        let plan = try await approvedPlan(record, .start, actor: nurse)
        guard let attached = record.pump else {
            try await refuse(record, .start, actor: nurse, "no pump program is recorded")
        }
        if record.startRequested {
            try await refuse(record, .start, actor: nurse,
                             "a START was already sent for this program; it is never sent twice: run `infusion watch` to learn from the pump whether it started")
        }
        if session.identity.serialNumber != attached.serial {
            try await refuse(record, .start, actor: nurse, "this is pump \(session.identity.serialNumber); the bag was programmed on pump \(attached.serial)")
        }
        if session.identity.bootId.description != attached.bootId {
            try await refuse(record, .start, actor: nurse,
                             "pump \(attached.serial) restarted since it was programmed (boot \(attached.bootId) is now \(session.identity.bootId)): its program is lost; program it again")
        }
        let program = try await pumpProgram(plan, record, .start, actor: nurse)
        let verified = try await pumpStep(record, .start, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.verify(program) }
        if verified.token.description != attached.token {
            try await refuse(record, .start, actor: nurse,
                             "the pump holds a program with token \(verified.token), not the one read back at programming (\(attached.token)): program it again")
        }
        try await write([draft(.startRequested, record, actor: nurse, to: .programmed, ["token": .string(attached.token)])])
        let status: PumpStatus
        do {
            status = try await session.driver.start(verified)
        } catch {
            let current = try self.record(id)
            if error.refusal != nil {
                // A NAK proves this frame was not executed by the pump as it is now; if it restarted meanwhile, an
                // earlier transmission may have started it before the restart lost everything: say so.
                var reason = error.description
                if case .wrongState = error.refusal, let status = try? await session.driver.status(),
                   status.bootId.description != attached.bootId {
                    reason = "the pump restarted while starting (boot \(attached.bootId) is now \(status.bootId)): "
                        + "it may have started and run briefly before the restart lost its program and volume; nothing runs now"
                }
                try await write([draft(.startFailed, current, actor: nurse, to: .programmed, ["reason": .string(reason)])])
            }
            let advice = error.outcomeUnknown ? " The START was not repeated; run `infusion watch` to learn from the pump whether it started." : ""
            throw .pump(preparationId: id, detail: error.description + advice)
        }
        return try await transition(id, .start, actor: nurse, [
            "startedAt": .string(Timestamp.format(clock.now())), "volumeInfusedMl": .number(status.volumeInfusedMl),
            "pumpState": .string(status.state.rawValue),
        ])
    }

    // MARK: Nurse actions on a running infusion

    /// Pauses the infusion at the nurse's request.
    @discardableResult
    public func pause(_ id: String, session: PumpSession, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .pause, actor: nurse)
        let status = try await pumpStep(record, .pause, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.pause() }
        return try await transition(id, .pause, actor: nurse, ["reason": "paused by the nurse", "volumeInfusedMl": .number(status.volumeInfusedMl)])
    }

    /// Resumes a paused infusion: acknowledges the pump's alarms first (their causes must have been fixed), then
    /// resumes the same program. Never a new START.
    @discardableResult
    public func resume(_ id: String, session: PumpSession, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .resume, actor: nurse)
        var status = try await pumpStep(record, .resume, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.status() }
        if status.state == .alarm || !status.alarms.filter(\.stopsMotor).isEmpty {
            status = try await pumpStep(record, .resume, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.acknowledgeAlarms() }
        }
        let stopping = status.alarms.filter(\.stopsMotor)
        if !stopping.isEmpty {
            try await refuse(record, .resume, actor: nurse,
                             "the pump still reports \(stopping.map(\.rawValue).sorted().joined(separator: ", ")): fix the cause, then resume")
        }
        status = try await pumpStep(record, .resume, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.resume() }
        return try await transition(id, .resume, actor: nurse, ["volumeInfusedMl": .number(status.volumeInfusedMl)])
    }

    /// Stops the infusion before completion (or, once completed, ends the pump's keep-vein-open flow).
    @discardableResult
    public func stop(_ id: String, session: PumpSession, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        try Self.validatePerson(nurse, field: "--nurse")
        let current = try record(id)
        if current.state == .completed {
            let status = try await pumpStep(current, .stop, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.stop() }
            try await write([JournalEntryDraft(time: clock.now(), actor: nurse, preparationId: id, event: "pump.kvo-stopped",
                                               data: ["kvoMl": .number(status.kvoVolumeMl), "volumeInfusedMl": .number(status.volumeInfusedMl)])])
            return try record(id)
        }
        let record = try await checkedRecord(id, .stop, actor: nurse)
        let status = try await pumpStep(record, .stop, actor: nurse) { () async throws(PumpDriverError) in try await session.driver.stop() }
        return try await transition(id, .stop, actor: nurse, ["reason": "stopped by the nurse", "volumeInfusedMl": .number(status.volumeInfusedMl)])
    }

    // MARK: Supervision and recovery

    /// Watches the pump until the preparation completes or stops: polls its status (feeding its watchdog), journals
    /// alarms, link changes and restarts, and moves the preparation with the pump. After a restart of this program it
    /// first reconciles the journal with the pump: a START whose outcome was unknown is settled from the pump's
    /// status, never by sending it again. Nothing is started or resumed by itself.
    public func supervise(
        _ id: String, session: PumpSession, every interval: Duration,
        progress: @Sendable (SupervisionUpdate) async -> Void = { _ in }
    ) async throws(WorkflowError) -> PreparationRecord {
        var record = try self.record(id)
        guard record.state.involvesPump || record.state == .completed else {
            throw .refused(preparationId: id, step: .complete, reason: "it is \(record.state.rawValue): there is no infusion to watch")
        }
        if let attached = record.pump, attached.serial != session.identity.serialNumber {
            try await refuse(record, .complete, actor: JournalEntryDraft.controllerActor,
                             "this is pump \(session.identity.serialNumber); the bag was programmed on pump \(attached.serial)")
        }
        let initial: PumpStatus
        do {
            initial = try await session.driver.status()
        } catch {
            // A restart seen by this session's driver is reported with the status that revealed it; anything else
            // is journalled as a failure of supervision.
            guard case .pumpRebooted(_, _, _, let status?) = error else {
                try await journalPumpFailure(record, .complete, actor: JournalEntryDraft.controllerActor, error.description)
                throw .pump(preparationId: id, detail: error.description)
            }
            initial = status
        }
        if let attached = record.pump, attached.bootId != initial.bootId.description {
            try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.rebooted",
                                               data: ["previous": .string(attached.bootId), "current": .string(initial.bootId.description),
                                                      "lastRecordedVolumeInfusedMl": .number(record.volumeInfusedMl)])])
            await progress(.rebooted(previous: BootId(wireText: attached.bootId) ?? initial.bootId, current: initial.bootId))
        }
        try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.reconciled", data: [
            "pumpState": .string(initial.state.rawValue), "volumeInfusedMl": .number(initial.volumeInfusedMl), "kvoMl": .number(initial.kvoVolumeMl),
            "alarms": .array(initial.alarms.map(\.rawValue).sorted().map(JournalValue.string)), "bootId": .string(initial.bootId.description),
            "recordedState": .string(record.state.rawValue), "recordedVolumeInfusedMl": .number(record.volumeInfusedMl),
        ])])
        record = try await observe(id, initial, session: session)
        await progress(.status(initial, record))
        // Nothing to watch unless the pump is delivering this bag (or holding it paused).
        if record.state != .infusing && record.state != .paused { return record }
        var lastAlarms = initial.alarms
        for await update in session.driver.monitor(every: interval) {
            switch update {
            case .status(let status):
                try await journalAlarmChange(id, from: lastAlarms, to: status.alarms)
                lastAlarms = status.alarms
                record = try await observe(id, status, session: session)
                await progress(.status(status, record))
            case .event(let event):
                try await journalAlarmChange(id, from: lastAlarms, to: event.status.alarms)
                lastAlarms = event.status.alarms
                record = try await observe(id, event.status, session: session)
                await progress(.status(event.status, record))
            case .link(let health):
                try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.link",
                                                   data: ["health": .string(health.description)])])
                await progress(.link(health))
            case .rebooted(let previous, let current):
                try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.rebooted",
                                                   data: ["previous": .string(previous.description), "current": .string(current.description),
                                                          "lastRecordedVolumeInfusedMl": .number(try self.record(id).volumeInfusedMl)])])
                await progress(.rebooted(previous: previous, current: current))
            case .stopped(let reason):
                throw .pump(preparationId: id, detail: "supervision ended: \(reason)")
            }
            if record.state.isTerminal { break }
        }
        return try self.record(id)
    }

    /// Moves the preparation with what the pump reports (never the other way round).
    func observe(_ id: String, _ status: PumpStatus, session: PumpSession) async throws(WorkflowError) -> PreparationRecord {
        let record = try self.record(id)
        let controller = JournalEntryDraft.controllerActor
        let volume: [String: JournalValue] = ["volumeInfusedMl": .number(status.volumeInfusedMl), "pumpState": .string(status.state.rawValue)]
        switch (record.state, status.state) {
        case (.programmed, .running), (.programmed, .paused), (.programmed, .alarm), (.programmed, .complete):
            // The START whose outcome was unknown did execute: the pump has started this program.
            guard record.startRequested else { return record }
            let elapsed = status.rateMlPerHour > 0 ? NSDecimalNumber(decimal: status.volumeInfusedMl * 3600 / max(status.rateMlPerHour, 1)).doubleValue : 0
            var data = volume
            data["startedAt"] = .string(Timestamp.format(clock.now().addingTimeInterval(-elapsed)))
            data["reconciled"] = true
            try await write([draft(.start, record, actor: controller, to: .infusing, data)])
            return try await observe(id, status, session: session)
        case (.programmed, .programmed), (.programmed, .idle):
            guard record.startRequested else { return record }
            var data = volume
            data["reason"] = .string(status.state == .programmed ? "the pump shows the START was not executed" : "the pump is idle: the START was not executed or the pump restarted")
            try await write([draft(.startFailed, record, actor: controller, to: .programmed, data)])
        case (.infusing, .alarm):
            var data = volume
            data["alarms"] = .array(status.alarms.map(\.rawValue).sorted().map(JournalValue.string))
            try await write([draft(.alarm, record, actor: controller, to: .paused, data)])
        case (.infusing, .paused):
            var data = volume
            data["reason"] = "paused at the pump"
            try await write([draft(.pause, record, actor: controller, to: .paused, data)])
        case (.infusing, .complete), (.paused, .complete):
            var data = volume
            data["kvoMl"] = .number(status.kvoVolumeMl)
            try await write([draft(.complete, record, actor: controller, to: .completed, data)])
        case (.infusing, .idle), (.paused, .idle):
            var data = volume
            data["reason"] = .string(status.bootId.description != record.pump?.bootId
                                     ? "the pump restarted (boot \(record.pump?.bootId ?? "?") is now \(status.bootId)): its program and volume are lost"
                                     : "stopped at the pump")
            try await write([draft(.stop, record, actor: controller, to: .stopped, data)])
        case (.paused, .running):
            var data = volume
            data["reason"] = "resumed at the pump"
            try await write([draft(.resume, record, actor: controller, to: .infusing, data)])
        default:
            break
        }
        return try self.record(id)
    }

    private func journalAlarmChange(_ id: String, from old: Set<PumpAlarm>, to new: Set<PumpAlarm>) async throws(WorkflowError) {
        guard old != new else { return }
        try await write([JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.controllerActor, preparationId: id, event: "pump.alarms", data: [
            "raised": .array(new.subtracting(old).map(\.rawValue).sorted().map(JournalValue.string)),
            "cleared": .array(old.subtracting(new).map(\.rawValue).sorted().map(JournalValue.string)),
            "alarms": .array(new.map(\.rawValue).sorted().map(JournalValue.string)),
        ])])
    }

    // MARK: Guards and helpers

    private func approvedPlan(_ record: PreparationRecord, _ step: WorkflowStep, actor: String) async throws(WorkflowError) -> ApprovedPlan {
        guard let plan = record.plan, plan.decision.preparesDose else {
            try await refuse(record, step, actor: actor, "there is no dose approved by the engine")
        }
        try await refuseIfPastBeyondUse(record, step, actor: actor, infusionStartingNow: true)
        let minimum = monograph.preparation.minimumInfusionMinutes.value
        if plan.rateMlPerHour <= 0 || plan.finalVolumeMl * 60 / plan.rateMlPerHour < minimum {
            try await refuse(record, step, actor: actor,
                             "\(plan.finalVolumeMl) mL at \(plan.rateMlPerHour) mL/h would finish in under \(minimum) minutes (\(monograph.preparation.minimumInfusionMinutes.source))")
        }
        return plan
    }

    private func pumpProgram(_ plan: ApprovedPlan, _ record: PreparationRecord, _ step: WorkflowStep, actor: String) async throws(WorkflowError) -> PumpProgram {
        do {
            return try PumpProgram(
                rateMlPerHour: plan.rateMlPerHour, vtbiMl: plan.finalVolumeMl, drugId: monograph.drug.pumpDrugId.value,
                concentrationMgPerMl: plan.concentrationMgPerMl, watchdogSeconds: site.pumpWatchdogSeconds)
        } catch {
            try await refuse(record, step, actor: actor, "the plan cannot be programmed into a pump: \(error)")
        }
    }

    /// Runs a driver call; a failure is journalled as a refusal of the step (with the pump's words) and thrown.
    private func pumpStep<T>(
        _ record: PreparationRecord, _ step: WorkflowStep, actor: String, _ call: () async throws(PumpDriverError) -> T
    ) async throws(WorkflowError) -> T {
        do {
            return try await call()
        } catch {
            if case .notRecorded = error { throw .pump(preparationId: record.id, detail: error.description) }
            try await journalPumpFailure(record, step, actor: actor, error.description)
            throw .pump(preparationId: record.id, detail: error.description)
        }
    }

    private func journalPumpFailure(_ record: PreparationRecord, _ step: WorkflowStep, actor: String, _ reason: String) async throws(WorkflowError) {
        let safeActor = (try? Self.validatePerson(actor, field: "--by")) != nil ? actor : JournalEntryDraft.systemActor
        try await write([JournalEntryDraft(time: clock.now(), actor: safeActor, preparationId: record.id, event: "workflow.refused",
                                           data: ["step": .string(step.rawValue), "state": .string(record.state.rawValue), "reason": .string(reason)])])
    }

    static func journalValue(of program: PumpProgram) -> JournalValue {
        .object([
            "rateMlPerHour": .number(program.rateMlPerHour), "vtbiMl": .number(program.vtbiMl), "drugId": .string(program.drugId),
            "concentrationMgPerMl": .number(program.concentrationMgPerMl), "watchdogSeconds": .number(Decimal(program.watchdogSeconds)),
        ])
    }
}
