import Monograph

/// The engine's answer for one order. Only `proceed` and `reduce` prepare anything.
public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Prepare the dose.
    case proceed
    /// Prepare the dose at a lower mg/kg than prescribed, as the label directs.
    case reduce
    /// Do not prepare now; the dose may be given later.
    case hold
    /// Stop the therapy.
    case discontinue
    /// Do not give.
    case refuse

    /// Whether a dose is prepared.
    public var preparesDose: Bool { self == .proceed || self == .reduce }

    /// The decision a rule action leads to (a caution leaves the decision at proceed).
    init(_ action: RuleAction) {
        switch action {
        case .caution: self = .proceed
        case .reduce: self = .reduce
        case .hold: self = .hold
        case .discontinue: self = .discontinue
        case .refuse: self = .refuse
        }
    }
}
