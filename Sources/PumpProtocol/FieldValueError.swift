/// A field value the protocol does not accept: names the field, the problem, and what is accepted.
///
/// Thrown by the validating initialisers (`PumpProgram`, `PumpStatus`, `PumpIdentity`) so a driver learns of a bad
/// program before sending it, and carried by `NakReason.badValue` when the pump refuses one.
public struct FieldValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field, by its wire key (e.g. `rate`).
    public let field: PayloadKey
    /// What is wrong with it.
    public let problem: ValueProblem

    /// Creates the error.
    public init(field: PayloadKey, problem: ValueProblem) {
        self.field = field
        self.problem = problem
    }

    /// E.g. "rate is outside the accepted values: a number of mL/h from 0.1 to 999 with at most 1 decimal place".
    public var description: String {
        let what: String
        switch problem {
        case .syntax: what = "is not written as accepted"
        case .range: what = "is outside the accepted values"
        case .precision: what = "has too many decimal places"
        case .length: what = "has the wrong length"
        }
        return "\(field) \(what): \(FieldRules.accepted(for: field))"
    }
}
