import Foundation
import Journal

/// Why a workflow step did not happen. Every case says what to do next.
public enum WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No preparation has this id in the journal.
    case unknownPreparation(String)
    /// The step is not allowed from the preparation's current state (the refusal is journalled).
    case illegalTransition(preparationId: String, step: WorkflowStep, state: PreparationState, allowedFrom: [PreparationState])
    /// A guard of the step failed (the refusal is journalled).
    case refused(preparationId: String, step: WorkflowStep, reason: String)
    /// An input is wrong (option or field named).
    case badInput(field: String, message: String)
    /// The journal could not record the step; the step did not happen.
    case journal(JournalError)
    /// The journal verifies but holds an entry the workflow cannot read.
    case journalInconsistent(sequence: Int64, why: String)
    /// The pump did not do what was asked; `detail` names the port and what was tried.
    case pump(preparationId: String, detail: String)

    /// True when the user's request was wrong (exit code 2), false when the system failed (exit code 1).
    public var isBadInput: Bool {
        switch self {
        case .unknownPreparation, .illegalTransition, .refused, .badInput: true
        case .journal, .journalInconsistent, .pump: false
        }
    }

    /// One line for the operator.
    public var description: String {
        switch self {
        case .unknownPreparation(let id):
            "no preparation '\(id)' in the journal"
        case .illegalTransition(let id, let step, let state, let allowed):
            "preparation \(id) is \(state.rawValue): '\(step.rawValue)' is allowed only when it is \(allowed.map(\.rawValue).sorted().joined(separator: " or "))"
        case .refused(let id, let step, let reason):
            "preparation \(id): '\(step.rawValue)' refused: \(reason)"
        case .badInput(let field, let message):
            "\(field): \(message)"
        case .journal(let error):
            "the journal could not record the step, so it did not happen: \(error)"
        case .journalInconsistent(let sequence, let why):
            "journal entry \(sequence) cannot be read back: \(why)"
        case .pump(let id, let detail):
            "preparation \(id): \(detail)"
        }
    }
}
