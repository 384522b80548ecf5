/// The indications the label approves tocilizumab IV for, by their command-line names.
public enum Indication: String, CaseIterable, Sendable, Hashable, Codable {
    /// Rheumatoid arthritis in adults.
    case ra
    /// Systemic juvenile idiopathic arthritis.
    case sjia
    /// Severe or life-threatening CAR-T cell induced cytokine release syndrome.
    case crs
}
