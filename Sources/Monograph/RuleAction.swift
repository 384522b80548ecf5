/// What a rule asks for, from least to most severe.
///
/// The order is the decision precedence: refuse > discontinue > hold > reduce > proceed; a caution never changes the
/// decision but is always reported.
public enum RuleAction: String, CaseIterable, Sendable, Hashable, Comparable {
    /// Report, never change the decision.
    case caution
    /// Lower the prescribed mg/kg.
    case reduce
    /// Do not give this dose now.
    case hold
    /// Stop the therapy.
    case discontinue
    /// Do not give at all (contraindicated, not established, or not recommended to start).
    case refuse

    private var rank: Int {
        switch self {
        case .caution: 0
        case .reduce: 1
        case .hold: 2
        case .discontinue: 3
        case .refuse: 4
        }
    }

    /// Orders by severity.
    public static func < (lhs: RuleAction, rhs: RuleAction) -> Bool { lhs.rank < rhs.rank }
}
