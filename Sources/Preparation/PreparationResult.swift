import Foundation
import Monograph

/// The engine's complete answer: the decision, every reason, and (when a dose is given) the plan.
public struct PreparationResult: Sendable, Hashable {
    /// The request it answers.
    public let request: PreparationRequest
    /// proceed, reduce, hold, discontinue or refuse.
    public let decision: Decision
    /// Every reason that applies, most severe first; empty only when proceeding without remark.
    public let reasons: [Reason]
    /// What to prepare; nil unless the decision prepares a dose.
    public let plan: PreparationPlan?
    /// For a dose given: when the next may start. For an early dose held: when this one may start. Otherwise nil.
    public let earliestNextDoseAt: Date?
    /// SHA-256 of the monograph file used.
    public let monographSha256: String
}

extension PreparationResult: Encodable {
    private enum CodingKeys: String, CodingKey {
        case decision, reasons, indication, weightKg, preparedAt, startAt
        case mgPerKg, calculatedDoseMg, doseMg, drugVolumeMl, salineWithdrawMl, bagVolumeMl, finalVolumeMl
        case concentrationMgPerMl, rateMlPerHour, durationMinutes, vials, draws, wasteMg, beyondUseAt
        case earliestNextDoseAt, monographSha256
    }

    /// The JSON contract of `infusion prepare --format json`: every field always present, null where it does not apply.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decision, forKey: .decision)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(request.indication, forKey: .indication)
        try container.encode(request.weightKg, forKey: .weightKg)
        try container.encode(Timestamp.format(request.preparedAt), forKey: .preparedAt)
        try container.encode(Timestamp.format(request.plannedStartAt), forKey: .startAt)
        try container.encode(plan?.mgPerKg, forKey: .mgPerKg)
        try container.encode(plan?.calculatedDoseMg, forKey: .calculatedDoseMg)
        try container.encode(plan?.doseMg, forKey: .doseMg)
        try container.encode(plan?.drugVolumeMl, forKey: .drugVolumeMl)
        try container.encode(plan?.salineWithdrawMl, forKey: .salineWithdrawMl)
        try container.encode(plan?.bagVolumeMl, forKey: .bagVolumeMl)
        try container.encode(plan?.finalVolumeMl, forKey: .finalVolumeMl)
        try container.encode(plan?.concentrationMgPerMl, forKey: .concentrationMgPerMl)
        try container.encode(plan?.rateMlPerHour, forKey: .rateMlPerHour)
        try container.encode(plan?.durationMinutes, forKey: .durationMinutes)
        try container.encode(plan?.vials.vials, forKey: .vials)
        try container.encode(plan?.vials.draws, forKey: .draws)
        try container.encode(plan?.vials.wasteMg, forKey: .wasteMg)
        try container.encode(plan.map { Timestamp.format($0.beyondUseAt) }, forKey: .beyondUseAt)
        try container.encode(earliestNextDoseAt.map(Timestamp.format), forKey: .earliestNextDoseAt)
        try container.encode(monographSha256, forKey: .monographSha256)
    }

    /// The result as one JSON object (keys sorted, numbers exact).
    public func json(pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
