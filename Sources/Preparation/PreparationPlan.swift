import Foundation

/// What to prepare: present only when the decision is `proceed` or `reduce`.
public struct PreparationPlan: Sendable, Hashable {
    /// The mg/kg given (after any reduction).
    public let mgPerKg: Decimal
    /// mg/kg x weight, before the cap and rounding.
    public let calculatedDoseMg: Decimal
    /// The dose drawn and labelled: drug volume x concentration, never above the cap.
    public let doseMg: Decimal
    /// Drug volume to draw, mL.
    public let drugVolumeMl: Decimal
    /// Saline to withdraw from the bag first, mL (equal to the drug volume).
    public let salineWithdrawMl: Decimal
    /// The saline bag, mL.
    public let bagVolumeMl: Decimal
    /// Volume after adding the drug, mL (the bag volume).
    public let finalVolumeMl: Decimal
    /// Dose / final volume, mg/mL.
    public let concentrationMgPerMl: Decimal
    /// Pump rate, mL/h, rounded down so the infusion lasts at least the duration.
    public let rateMlPerHour: Decimal
    /// The prescribed infusion duration, minutes.
    public let durationMinutes: Decimal
    /// The vials, with what to draw from each.
    public let vials: VialPlan
    /// Past this time the bag must not be started (refrigerated at 2-8 °C until then).
    public let beyondUseAt: Date
}
