import Foundation

/// What one cell observed, and every way it differed from its expectation or broke an invariant.
struct MatrixOutcome: Sendable {
    let cell: MatrixCell
    var injected = ""
    var pumpState = "?"
    var pumpAlarms: [String] = []
    var alarmsRaised: [String] = []
    var controller = "?"
    var journal: [String] = []
    var operatorSees = ""
    /// The follow-up once the fault is over (a `watch` to settle an unknown outcome, the nurse's stop).
    var then: [String] = []
    /// The invariants checked, by name.
    var invariants: [String] = []
    var failures: [String] = []
    var seconds: Double = 0

    init(cell: MatrixCell) { self.cell = cell }

    /// Records a failure unless `condition` holds.
    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { failures.append(message()) }
    }

    /// One JSON object (a line of the `FAULT_MATRIX_REPORT` file).
    var json: [String: Any] {
        [
            "fault": cell.fault.rawValue, "state": cell.state.rawValue,
            "faultIndex": MatrixFault.allCases.firstIndex(of: cell.fault) ?? 0,
            "stateIndex": MatrixState.allCases.firstIndex(of: cell.state) ?? 0, "link": cell.link.rawValue,
            "notApplicable": cell.notApplicable.map { $0 as Any } ?? NSNull(), "injected": injected, "pumpState": pumpState,
            "pumpAlarms": pumpAlarms, "alarmsRaised": alarmsRaised, "controller": controller, "journal": journal,
            "operator": operatorSees, "then": then, "invariants": invariants, "failures": failures,
            "passed": failures.isEmpty, "seconds": (seconds * 10).rounded() / 10,
        ]
    }
}
