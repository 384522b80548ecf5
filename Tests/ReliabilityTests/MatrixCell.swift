/// One cell of the fault matrix: a fault, the pump state it hits, and the link it travels.
struct MatrixCell: Sendable, CustomStringConvertible {
    let fault: MatrixFault
    let state: MatrixState
    let link: MatrixLink

    var description: String { "\(fault.rawValue) while \(state.rawValue) (\(link.rawValue))" }

    /// Why the fault cannot happen in this state, or nil. None is excluded: the protocol raises a motor-stopping
    /// cause "in any state" (§10.3; a stopped pump refuses START/RESM while it is raised, and `pump-sim` does the
    /// same), a reboot and every line fault can happen whatever the pump does.
    var notApplicable: String? { nil }

    /// What the cell must observe.
    var expectation: MatrixExpectation { .of(fault, in: state) }

    /// Every fault in every state on the pty, and the faults a TCP device server changes (its own reply timeout of
    /// 1000 ms, a dropped connection instead of a vanished device) in the states they matter most.
    static let all: [MatrixCell] = {
        var cells: [MatrixCell] = []
        for state in MatrixState.allCases {
            for fault in MatrixFault.allCases { cells.append(MatrixCell(fault: fault, state: state, link: .pty)) }
        }
        for fault in [MatrixFault.doorOpen, .reboot, .silence5, .unplugged, .droppedReply, .slowReply] {
            cells.append(MatrixCell(fault: fault, state: .running, link: .tcp))
        }
        for fault in [MatrixFault.droppedReply, .unplugged] {
            cells.append(MatrixCell(fault: fault, state: .programmed, link: .tcp))
        }
        return cells
    }()
}
