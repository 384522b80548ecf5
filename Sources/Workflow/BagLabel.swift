import Foundation
import Monograph
import Preparation

/// The text printed on the bag: what is in it, for whom, how to run it, until when, and every lot (traceability).
struct BagLabel {
    let record: PreparationRecord
    let monograph: Monograph

    var text: String {
        guard let plan = record.plan else { return "" }
        let steps = monograph.preparation
        let lots = record.vials.map { "\($0.tradeName) \($0.strengthMg) mg lot \($0.lot) exp \($0.expiry)" }
        let bag = monograph.storage.dilutedBag.value
        return [
            "BAG \(record.id)   PATIENT \(record.patientId)",
            "Tocilizumab \(plan.doseMg) mg in \(plan.finalVolumeMl) mL 0.9% sodium chloride = \(DecimalRounding.text(plan.concentrationMgPerMl, step: steps.concentrationStepMgPerMl.value)) mg/mL",
            "IV infusion at \(DecimalRounding.text(plan.rateMlPerHour, step: steps.rateStepMlPerHour.value)) mL/h over at least \(plan.durationMinutes) min",
            "Use immediately; else store at \(bag.minimumCelsius)-\(bag.maximumCelsius) °C. Beyond use: \(Timestamp.format(plan.beyondUseAt))",
            "Vials: \(lots.joined(separator: "; "))",
            "Prepared by \(record.preparer ?? "-"), checked by \(record.checker ?? "-"); monograph \(plan.monographSha256.prefix(12))",
        ].joined(separator: "\n")
    }
}
