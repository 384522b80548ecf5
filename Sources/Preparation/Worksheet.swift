import Foundation
import Monograph

/// The compounding worksheet a pharmacist follows step by step, rendered as plain text.
///
/// Every instruction and number comes from the result and the monograph; each label-derived line cites its section so
/// the worksheet can be checked against the label at the bench.
public struct Worksheet: Sendable {
    /// The evaluated order.
    public let result: PreparationResult
    /// The monograph it was evaluated against.
    public let monograph: Monograph

    /// Pairs a result with its monograph.
    public init(result: PreparationResult, monograph: Monograph) {
        self.result = result
        self.monograph = monograph
    }

    /// The worksheet text.
    public func render() -> String {
        var lines: [String] = []
        let request = result.request
        let rules = monograph.rules(for: request.indication)
        lines.append("TOCILIZUMAB IV INFUSION - COMPOUNDING WORKSHEET")
        lines.append("\(monograph.drug.genericName.value); trade names \(monograph.drug.tradeNames.value.joined(separator: " / "))")
        lines.append("")
        lines.append("Indication: \(rules.name)")
        lines.append("  \(rules.worksheetNote.value) [\(rules.worksheetNote.source)]")
        lines.append("Patient: weight \(request.weightKg) kg, age \(request.ageYears) years")
        switch request.therapy {
        case .firstDose:
            lines.append("Therapy: first dose")
        case .continuing(let starts):
            lines.append("Therapy: continuing; earlier infusions started \(starts.map(Timestamp.format).joined(separator: ", "))")
        }
        lines.append("Prepared at: \(Timestamp.format(request.preparedAt))   Planned start: \(Timestamp.format(request.plannedStartAt))")
        lines.append("")
        lines.append("DECISION: \(result.decision.rawValue.uppercased())")
        if result.reasons.isEmpty {
            lines.append("  No remarks.")
        }
        for reason in result.reasons {
            lines.append("  [\(reason.severity.rawValue.uppercased())] \(reason.code): \(reason.message) [\(reason.source)]")
        }
        guard let plan = result.plan else {
            lines.append("")
            lines.append("NOTHING IS TO BE PREPARED.")
            if let earliest = result.earliestNextDoseAt {
                lines.append("This dose may start at \(Timestamp.format(earliest)) at the earliest.")
            }
            lines.append("")
            lines.append("Monograph SHA-256: \(result.monographSha256)")
            return lines.joined(separator: "\n") + "\n"
        }
        lines += planLines(plan)
        return lines.joined(separator: "\n") + "\n"
    }

    private func planLines(_ plan: PreparationPlan) -> [String] {
        let drug = monograph.drug
        let steps = monograph.preparation
        func ml(_ value: Decimal) -> String { DecimalRounding.text(value, step: steps.drugVolumeStepMl.value) }
        func mgPerMl(_ value: Decimal) -> String { DecimalRounding.text(value, step: steps.concentrationStepMgPerMl.value) }
        func mlPerHour(_ value: Decimal) -> String { DecimalRounding.text(value, step: steps.rateStepMlPerHour.value) }
        let storage = monograph.storage
        let concentration = drug.concentrationMgPerMl.value
        var lines: [String] = [""]
        lines.append("DOSE")
        lines.append("  \(plan.mgPerKg) mg/kg x \(result.request.weightKg) kg = \(plan.calculatedDoseMg) mg calculated")
        lines.append("  Dose to draw and label: \(plan.doseMg) mg = \(ml(plan.drugVolumeMl)) mL of \(concentration) mg/mL [\(drug.concentrationMgPerMl.source)]")
        let vialList = plan.vials.vials.map { count in "\(count.count) x \(count.strengthMg) mg/\(volume(of: count.strengthMg)) mL" }
        lines.append("  Vials: \(vialList.joined(separator: " + ")); waste \(plan.vials.wasteMg) mg [\(drug.vials.source)]")
        lines.append("")
        lines.append("STEPS")
        var number = 0
        func step(_ text: String) {
            number += 1
            lines.append("  \(number). \(text)")
        }
        step("\(steps.asepticTechnique.value) [\(steps.asepticTechnique.source)]")
        step("Take a \(plan.bagVolumeMl) mL bag of \(steps.diluent.value). [\(steps.diluent.source)]")
        step("FIRST withdraw and discard \(ml(plan.salineWithdrawMl)) mL of saline from the bag (equal to the drug volume). [\(steps.method.source)]")
        for draw in plan.vials.draws {
            if draw.whole {
                let vials = draw.vialCount == 1 ? "the" : "each of the \(draw.vialCount)"
                step("Draw the whole \(ml(draw.drawMlPerVial)) mL from \(vials) \(draw.strengthMg) mg/\(draw.vialVolumeMl) mL vial\(draw.vialCount == 1 ? "" : "s").")
            } else {
                let leftMl = draw.vialVolumeMl - draw.drawMlPerVial
                step("Then draw \(ml(draw.drawMlPerVial)) mL from one \(draw.strengthMg) mg/\(draw.vialVolumeMl) mL vial (partial: \(ml(leftMl)) mL = \(plan.vials.wasteMg) mg stays in the vial and is discarded).")
            }
        }
        step("Inject the \(ml(plan.drugVolumeMl)) mL of tocilizumab into the bag: final volume \(plan.finalVolumeMl) mL, \(mgPerMl(plan.concentrationMgPerMl)) mg/mL. [\(steps.method.source)]")
        step("\(steps.mixing.value) [\(steps.mixing.source)]")
        step("\(steps.inspection.value) [\(steps.inspection.source)]")
        step("\(steps.traceability.value) Record trade name and lot of every vial used. [\(steps.traceability.source)]")
        step("Label the bag: tocilizumab \(plan.doseMg) mg in \(plan.finalVolumeMl) mL 0.9% NaCl (\(mgPerMl(plan.concentrationMgPerMl)) mg/mL); infuse at \(mlPerHour(plan.rateMlPerHour)) mL/h over at least \(plan.durationMinutes) min; beyond use \(Timestamp.format(plan.beyondUseAt)).")
        step("\(storage.dilutedBag.value.instruction) Beyond use: \(Timestamp.format(plan.beyondUseAt)). [\(storage.dilutedBag.source)]")
        step("\(steps.disposal.value) [\(steps.disposal.source)]")
        lines.append("")
        lines.append("INFUSION")
        lines.append("  \(plan.finalVolumeMl) mL at \(mlPerHour(plan.rateMlPerHour)) mL/h (rounded down: lasts at least \(plan.durationMinutes) min; the label's minimum is \(steps.minimumInfusionMinutes.value) min) [\(steps.minimumInfusionMinutes.source)]")
        if let next = result.earliestNextDoseAt {
            lines.append("  Next dose not before: \(Timestamp.format(next))")
        } else {
            lines.append("  No further dose in this episode.")
        }
        lines.append("")
        lines.append("PRE-ADMINISTRATION CHECKLIST")
        for item in monograph.checklist {
            lines.append("  [ ] \(item.item) [\(item.source)]")
        }
        lines.append("")
        let vials = storage.unopenedVials.value
        var vialStorage = "Unopened vials: \(vials.minimumCelsius)-\(vials.maximumCelsius) °C"
        if vials.protectFromLight { vialStorage += ", protect from light" }
        if vials.doNotFreeze { vialStorage += ", do not freeze" }
        lines.append("\(vialStorage). [\(storage.unopenedVials.source)]")
        lines.append("Appearance: \(drug.appearance.value) [\(drug.appearance.source)]")
        lines.append("Monograph SHA-256: \(result.monographSha256)")
        return lines
    }

    private func volume(of strengthMg: Decimal) -> Decimal {
        monograph.drug.vials.value.first { $0.strengthMg == strengthMg }?.volumeMl ?? strengthMg / monograph.drug.concentrationMgPerMl.value
    }
}
