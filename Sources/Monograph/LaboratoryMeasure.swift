/// A laboratory value the label's dose-adjustment tables use, each in the unit the label's tables use.
public enum LaboratoryMeasure: String, CaseIterable, Sendable, Hashable {
    /// The worse (higher) of ALT and AST, as a multiple of the upper limit of normal.
    case liverXUln
    /// Absolute neutrophil count, 10^9/L.
    case ancE9PerL
    /// Platelet count, 10^3/uL.
    case plateletsE3PerUl

    /// Words for messages: "ALT/AST", "ANC", "platelets".
    public var displayName: String {
        switch self {
        case .liverXUln: "ALT/AST"
        case .ancE9PerL: "ANC"
        case .plateletsE3PerUl: "platelets"
        }
    }

    /// The unit as written after a value.
    public var unit: String {
        switch self {
        case .liverXUln: "x ULN"
        case .ancE9PerL: "x 10^9/L"
        case .plateletsE3PerUl: "x 10^3/uL"
        }
    }
}

/// The laboratory result that caused an earlier hold, for `--resuming-after-hold`.
public enum HoldCause: String, CaseIterable, Sendable, Hashable {
    /// ALT/AST.
    case liver
    /// Absolute neutrophil count.
    case anc
    /// Platelet count.
    case platelets
}

/// Which doses a laboratory table applies to.
public enum TherapyScope: String, CaseIterable, Sendable, Hashable {
    /// Only the first dose of the therapy.
    case first
    /// Only doses after the first.
    case continuing
    /// Every dose.
    case any
}
