/// What a cell must observe, worked out by hand from docs/protocol.md (§5, §10, §11), docs/simulator.md and the
/// workflow's rules (Sources/Workflow/Workflow+Pump.swift), never from running the code.
struct MatrixExpectation: Sendable, Equatable {
    /// The pump's state once the fault has played out (the simulator's `status` line).
    var pumpState: String
    /// The alarms the simulator raised from the moment the cell reached its state (its `alarm 1 raised` lines), sorted.
    var alarmsRaised: [String]
    /// The preparation's state (`PreparationState`); "programmed, start unknown" when a START's outcome is open.
    var controller: String
    /// Journal events that must follow, in this order (others may come between). `pump.link lost` is a `pump.link`
    /// entry whose health starts with `lost`.
    var journal: [String]
    /// Words the operator is shown: the workflow's error or result for the nurse's step, or what the watch
    /// displays (`link ...`, `ALARMS: ...`, `PUMP RESTARTED`).
    var operatorSees: String

    /// The expectation of one cell.
    static func of(_ fault: MatrixFault, in state: MatrixState) -> MatrixExpectation {
        if let code = fault.causeCode { return motorStopping(code, [code], state) }
        switch (fault, state) {
        case (.lowBattery, .programmed):
            return .init(pumpState: "running", alarmsRaised: ["battlow"], controller: "infusing",
                         journal: ["workflow.start-requested", "workflow.start"], operatorSees: "ok: infusing")
        case (.lowBattery, .running):
            return .init(pumpState: "running", alarmsRaised: ["battlow"], controller: "infusing",
                         journal: ["pump.alarms"], operatorSees: "ALARMS: battlow")
        case (.lowBattery, .paused):
            return .init(pumpState: "running", alarmsRaised: ["battlow"], controller: "infusing",
                         journal: ["pump.alarms", "workflow.resume"], operatorSees: "ok: infusing")
        case (.lowBattery, .completing):
            return .init(pumpState: "complete", alarmsRaised: ["battlow", "complete", "nearend"], controller: "completed",
                         journal: ["pump.alarms", "workflow.complete"], operatorSees: "ALARMS: battlow, complete")
        case (.batteryDepleted, _):
            return motorStopping("battdead", ["battdead", "battlow"], state)

        case (.reboot, .programmed):
            // The program is lost before START: the read-back before START is refused by an idle pump.
            return .init(pumpState: "idle", alarmsRaised: [], controller: "programmed",
                         journal: ["workflow.refused"], operatorSees: "restarted")
        case (.reboot, _):
            return .init(pumpState: "idle", alarmsRaised: state == .completing ? ["nearend"] : [], controller: "stopped",
                         journal: ["pump.rebooted", "workflow.stop"], operatorSees: "PUMP RESTARTED")

        case (.silence5, .programmed), (.unplugged, .programmed):
            // START executed, its reply never arrives: outcome unknown, never repeated, settled by `watch`.
            return .init(pumpState: "running", alarmsRaised: [], controller: "programmed, start unknown",
                         journal: ["workflow.start-requested"], operatorSees: "run `infusion watch`")
        case (.silence120, .programmed):
            return .init(pumpState: "alarm", alarmsRaised: ["commlost"], controller: "programmed, start unknown",
                         journal: ["workflow.start-requested"], operatorSees: "run `infusion watch`")
        case (.silence5, .running), (.unplugged, .running):
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing",
                         journal: ["pump.link lost", "pump.link connected"], operatorSees: "link lost")
        case (.silence120, .running):
            return .init(pumpState: "alarm", alarmsRaised: ["commlost"], controller: "paused",
                         journal: ["pump.link lost", "workflow.alarm"], operatorSees: "ALARMS: commlost")
        case (.silence5, .paused), (.unplugged, .paused):
            // RESM executed, its reply lost: the nurse is told the outcome is unknown; supervision then finds the
            // pump running and the controller follows it.
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing",
                         journal: ["workflow.refused", "workflow.resume"], operatorSees: "UNKNOWN")
        case (.silence120, .paused):
            return .init(pumpState: "alarm", alarmsRaised: ["commlost"], controller: "paused",
                         journal: ["workflow.refused", "pump.alarms"], operatorSees: "UNKNOWN")
        case (.silence5, .completing), (.silence120, .completing), (.unplugged, .completing):
            // The bag completes during the fault (0.16 wall seconds after 96 mL); `complete` disarms the watchdog.
            return .init(pumpState: "complete", alarmsRaised: ["complete", "nearend"], controller: "completed",
                         journal: ["pump.link lost", "workflow.complete"], operatorSees: "link lost")

        case (.corruptedReply, .programmed), (.droppedReply, .programmed), (.slowReply, .programmed),
             (.duplicateReply, .programmed), (.garbageBurst, .programmed):
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing",
                         journal: ["workflow.start-requested", "workflow.start"], operatorSees: "ok: infusing")
        case (.corruptedReply, .running), (.droppedReply, .running), (.slowReply, .running):
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing",
                         journal: ["pump.link degraded", "pump.link connected"], operatorSees: "link degraded")
        case (.duplicateReply, .running), (.garbageBurst, .running):
            // Nothing for the nurse: the copy (or the noise) is skipped and polling goes on.
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing", journal: [], operatorSees: "")
        case (.corruptedReply, .paused), (.droppedReply, .paused), (.slowReply, .paused),
             (.duplicateReply, .paused), (.garbageBurst, .paused):
            return .init(pumpState: "running", alarmsRaised: [], controller: "infusing",
                         journal: ["workflow.resume"], operatorSees: "ok: infusing")
        case (.corruptedReply, .completing), (.droppedReply, .completing), (.slowReply, .completing):
            return .init(pumpState: "complete", alarmsRaised: ["complete", "nearend"], controller: "completed",
                         journal: ["pump.link degraded", "workflow.complete"], operatorSees: "link degraded")
        case (.duplicateReply, .completing), (.garbageBurst, .completing):
            return .init(pumpState: "complete", alarmsRaised: ["complete", "nearend"], controller: "completed",
                         journal: ["workflow.complete"], operatorSees: "ALARMS: complete")
        default:
            return .init(pumpState: "?", alarmsRaised: [], controller: "?", journal: [], operatorSees: "?")
        }
    }

    /// A motor-stopping alarm (§10.3): refused START when programmed; the motor stops when running or completing
    /// (the workflow follows into `paused`); a paused pump stays paused and RESM is refused while it is raised.
    private static func motorStopping(_ code: String, _ raised: [String], _ state: MatrixState) -> MatrixExpectation {
        switch state {
        case .programmed:
            return .init(pumpState: "programmed", alarmsRaised: raised, controller: "programmed",
                         journal: ["workflow.start-requested", "workflow.start-failed"], operatorSees: "(alarmActive)")
        case .running:
            return .init(pumpState: "alarm", alarmsRaised: raised, controller: "paused",
                         journal: ["pump.alarms", "workflow.alarm"], operatorSees: "ALARMS: \(raised.joined(separator: ", "))")
        case .paused:
            return .init(pumpState: "paused", alarmsRaised: raised, controller: "paused",
                         journal: ["pump.alarms", "workflow.refused"], operatorSees: "the pump still reports \(code)")
        case .completing:
            return .init(pumpState: "alarm", alarmsRaised: (raised + ["nearend"]).sorted(), controller: "paused",
                         journal: ["pump.alarms", "workflow.alarm"], operatorSees: "ALARMS: ")
        }
    }
}
