/// One row of a label table: when `measure` lies in `range`, do `action` (or `persistentAction` when the elevation is
/// persistent).
public struct LaboratoryRule: Sendable, Hashable {
    /// The value the row is about.
    public let measure: LaboratoryMeasure
    /// The band, with the label's own inclusion of each end.
    public let range: DecimalInterval
    /// What the row asks for.
    public let action: RuleAction
    /// What the row asks for when a liver elevation is persistent; nil when the row does not distinguish.
    public let persistentAction: RuleAction?
    /// Stable reason code for integrators.
    public let code: String
    /// The label's advice, in words.
    public let note: String
    /// The section the row comes from.
    public let source: Source
}

/// A label table: the rows that apply to some indications at some point of the therapy.
public struct LaboratoryTable: Sendable {
    /// The table's title, for reviewers.
    public let name: String
    /// The indications it applies to.
    public let indications: Set<Indication>
    /// First dose, continuing doses, or any dose.
    public let therapy: TherapyScope
    /// Its rows.
    public let rules: [LaboratoryRule]
}

/// Resuming after a laboratory hold: while `measure` is still in `range`, hold again.
public struct ResumeRule: Sendable, Hashable {
    /// The hold being resumed from.
    public let after: HoldCause
    /// The value that must have recovered.
    public let measure: LaboratoryMeasure
    /// The band that still holds.
    public let range: DecimalInterval
    /// What to do while not recovered (hold).
    public let action: RuleAction
    /// Stable reason code.
    public let code: String
    /// Advice in words.
    public let note: String
    /// Citation.
    public let source: Source
}

/// The rule that makes the full laboratory panel a precondition for some indications.
public struct LaboratoryRequirement: Sendable {
    /// Indications whose every dose needs ALT, AST, ANC and platelets.
    public let indications: Set<Indication>
    /// What to do when one is missing (hold).
    public let action: RuleAction
    /// Why, in words.
    public let note: String
    /// Citation.
    public let source: Source
}

/// All laboratory rules of the monograph.
public struct LaboratoryRules: Sendable {
    /// Which indications need the full panel.
    public let required: LaboratoryRequirement
    /// The label's tables.
    public let tables: [LaboratoryTable]
    /// Recovery thresholds for resuming after a hold.
    public let resumeRules: [ResumeRule]
}
