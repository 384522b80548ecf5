/// An age limit or caution for some indications.
public struct AgeRule: Sendable, Hashable {
    /// The indications it applies to.
    public let indications: Set<Indication>
    /// The ages (years) it applies to.
    public let years: DecimalInterval
    /// Refuse, hold or caution.
    public let action: RuleAction
    /// Stable reason code.
    public let code: String
    /// Why, in words.
    public let note: String
    /// Citation.
    public let source: Source
}

/// A contraindication or a condition that defers the dose, raised by a flag of the order.
public struct ConditionRule: Sendable, Hashable {
    /// Refuse or hold.
    public let action: RuleAction
    /// Why, in words.
    public let note: String
    /// Citation.
    public let source: Source
}

/// An item of the pre-administration checklist printed on the worksheet.
public struct ChecklistItem: Sendable, Hashable {
    /// What to check.
    public let item: String
    /// Citation.
    public let source: Source
}
