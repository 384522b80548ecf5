/// The transition table: which step is legal in which state, and where it leads. Pure.
///
/// Guards that need more than the state (who checks, what the pump read back, the beyond-use time) live with the
/// step in ``Workflow``; this table is the first gate, and an illegal transition never reaches them.
public enum StateMachine {
    /// States a preparation may be put on hold from: everything before the pump delivers.
    public static let holdable: Set<PreparationState> = [
        .ordered, .calculated, .verified, .compounding, .compounded, .checked, .labelled, .dispensed, .atBedside, .programmed,
    ]
    /// States a bag (or its components) may be discarded from: once drug has been drawn, before delivery.
    public static let discardable: Set<PreparationState> = [
        .compounding, .compounded, .checked, .labelled, .dispensed, .atBedside, .programmed, .onHold,
    ]

    /// The states `step` may be taken from.
    public static func sources(of step: WorkflowStep) -> Set<PreparationState> {
        switch step {
        case .order: []
        case .calculate: [.ordered]
        case .verify: [.calculated]
        case .scanVial: [.verified, .compounding]
        case .compound: [.compounding]
        case .check: [.compounded]
        case .label: [.checked]
        case .dispense: [.labelled]
        case .bedside: [.dispensed]
        case .program: [.atBedside, .programmed]
        case .startRequested: [.programmed]
        case .start: [.programmed]
        case .startFailed: [.programmed]
        case .pause, .alarm: [.infusing]
        case .resume: [.paused]
        case .complete: [.infusing, .paused]
        case .stop: [.programmed, .infusing, .paused]
        case .hold: holdable
        case .release: [.onHold]
        case .discard: discardable
        case .cancel: [.ordered, .calculated, .verified, .onHold]
        }
    }

    /// Whether `step` is legal from `state`.
    public static func allows(_ step: WorkflowStep, from state: PreparationState) -> Bool {
        sources(of: step).contains(state)
    }

    /// Where `step` leads from `state`, for the steps whose target depends only on the state.
    ///
    /// `calculate` (target chosen by the engine's decision) and `release` (back to where the hold began) are resolved
    /// by the caller; they return nil here, as does every illegal step.
    public static func target(of step: WorkflowStep, from state: PreparationState) -> PreparationState? {
        guard allows(step, from: state) else { return nil }
        switch step {
        case .order, .calculate, .release: return nil
        case .verify: return .verified
        case .scanVial: return .compounding
        case .compound: return .compounded
        case .check: return .checked
        case .label: return .labelled
        case .dispense: return .dispensed
        case .bedside: return .atBedside
        case .program: return .programmed
        case .startRequested, .startFailed: return .programmed
        case .start, .resume: return .infusing
        case .pause, .alarm: return .paused
        case .complete: return .completed
        case .stop: return .stopped
        case .hold: return .onHold
        case .discard: return .discarded
        case .cancel: return .cancelled
        }
    }
}
