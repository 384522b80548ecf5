import Testing
import Workflow

/// The transition table, checked exhaustively against a table written out by hand from the state list.
@Suite("State machine")
struct StateMachineTests {
    /// (step, from-states) as the workflow is meant to be: written independently of StateMachine.sources.
    static let expected: [WorkflowStep: Set<PreparationState>] = [
        .order: [],
        .calculate: [.ordered],
        .verify: [.calculated],
        .scanVial: [.verified, .compounding],
        .compound: [.compounding],
        .check: [.compounded],
        .label: [.checked],
        .dispense: [.labelled],
        .bedside: [.dispensed],
        .program: [.atBedside, .programmed],
        .startRequested: [.programmed],
        .start: [.programmed],
        .startFailed: [.programmed],
        .pause: [.infusing],
        .alarm: [.infusing],
        .resume: [.paused],
        .complete: [.infusing, .paused],
        .stop: [.programmed, .infusing, .paused],
        .hold: [.ordered, .calculated, .verified, .compounding, .compounded, .checked, .labelled, .dispensed, .atBedside, .programmed],
        .release: [.onHold],
        .discard: [.compounding, .compounded, .checked, .labelled, .dispensed, .atBedside, .programmed, .onHold],
        .cancel: [.ordered, .calculated, .verified, .onHold],
    ]

    @Test("every (state, step) pair is allowed exactly when the table says", arguments: WorkflowStep.allCases)
    func everyPair(step: WorkflowStep) throws {
        let allowed = try #require(Self.expected[step])
        for state in PreparationState.allCases {
            #expect(StateMachine.allows(step, from: state) == allowed.contains(state), "\(step) from \(state)")
        }
    }

    @Test func terminalStatesAllowNothing() {
        for state in PreparationState.allCases where state.isTerminal {
            for step in WorkflowStep.allCases {
                #expect(!StateMachine.allows(step, from: state), "\(step) from terminal \(state)")
            }
        }
        #expect(Set(PreparationState.allCases.filter(\.isTerminal)) == [.completed, .stopped, .discarded, .cancelled])
    }

    @Test("targets of the happy path", arguments: [
        (WorkflowStep.verify, PreparationState.calculated, PreparationState.verified),
        (.scanVial, .verified, .compounding), (.compound, .compounding, .compounded), (.check, .compounded, .checked),
        (.label, .checked, .labelled), (.dispense, .labelled, .dispensed), (.bedside, .dispensed, .atBedside),
        (.program, .atBedside, .programmed), (.start, .programmed, .infusing), (.alarm, .infusing, .paused),
        (.resume, .paused, .infusing), (.complete, .infusing, .completed), (.stop, .paused, .stopped),
        (.hold, .labelled, .onHold), (.discard, .onHold, .discarded), (.cancel, .verified, .cancelled),
    ])
    func targets(step: WorkflowStep, from: PreparationState, to: PreparationState) {
        #expect(StateMachine.target(of: step, from: from) == to)
    }

    @Test func illegalStepsHaveNoTarget() {
        #expect(StateMachine.target(of: .start, from: .atBedside) == nil)
        #expect(StateMachine.target(of: .check, from: .compounding) == nil)
        #expect(StateMachine.target(of: .program, from: .dispensed) == nil)
    }
}
