import Foundation
import Monograph

/// Checks a typed request against the monograph's input ranges and the rules on which options go together.
///
/// Shared by the text parser and the engine, so a request built in code is held to exactly the same rules.
enum RequestValidator {
    static func validate(_ request: PreparationRequest, monograph: Monograph) throws(PreparationInputError) {
        let ranges = monograph.inputRanges
        try check(request.weightKg, .weightKg, ranges.weightKg.value, unit: "kg")
        try check(request.ageYears, .ageYears, ranges.ageYears.value, unit: "years")
        if let previous = request.previousWeightKg { try check(previous, .previousWeightKg, ranges.weightKg.value, unit: "kg") }
        let lab = request.laboratory
        if let value = lab.altXUln { try check(value, .altXUln, ranges.liverXUln.value, unit: "x ULN") }
        if let value = lab.astXUln { try check(value, .astXUln, ranges.liverXUln.value, unit: "x ULN") }
        if let value = lab.ancE9PerL { try check(value, .anc, ranges.ancE9PerL.value, unit: "x 10^9/L") }
        if let value = lab.plateletsE3PerUl { try check(value, .platelets, ranges.plateletsE3PerUl.value, unit: "x 10^3/uL") }
        try check(request.durationMinutes, .durationMinutes, ranges.durationMinutes.value, unit: "minutes")

        let rules = monograph.rules(for: request.indication)
        let continuing = !request.therapy.previousDoseStarts.isEmpty
        let name = request.indication.rawValue

        // mg/kg: prescribed for RA (required when continuing), fixed by weight otherwise.
        let allowed = prescribableMgPerKg(request.indication, monograph)
        if let mgPerKg = request.prescribedMgPerKg {
            if allowed.isEmpty { throw mgPerKgNotApplicable(request.indication, monograph) }
            guard allowed.contains(mgPerKg) else {
                throw .notOneOf(.mgPerKg, text: "\(mgPerKg)", accepted: allowed.map { "\($0)" })
            }
        } else if continuing, !allowed.isEmpty {
            throw .missing(.mgPerKg, accepted: "the prescribed dose, \(allowed.map { "\($0)" }.joined(separator: " or ")) mg/kg, is required when continuing \(name) therapy")
        }

        if request.resumingAfterHold != nil {
            guard continuing else { throw .conflict(.resumingAfterHold, .firstDose, why: "resuming after a hold applies to continuing therapy only") }
            guard !rules.resume.isEmpty else {
                throw .notApplicable(.resumingAfterHold, why: "applies to \(indicationsWithResume(monograph)) only; \(name) has no laboratory-hold table")
            }
        }
        if request.persistentLiverElevation {
            guard continuing else { throw .conflict(.persistentLiverElevation, .firstDose, why: "a persistent elevation applies to continuing therapy only") }
            let hasPersistentRows = monograph.laboratory.tables.contains { table in
                table.indications.contains(request.indication) && table.rules.contains { $0.persistentAction != nil }
            }
            guard hasPersistentRows else {
                throw .notApplicable(.persistentLiverElevation, why: "does not apply to \(name): its label table has no persistent-elevation row")
            }
        }
        if request.noClinicalImprovement {
            guard rules.repeatDoseCondition != nil else {
                throw .notApplicable(.noClinicalImprovement, why: "applies to repeat doses of an indication with that condition (crs) only")
            }
            guard continuing else { throw .conflict(.noClinicalImprovement, .firstDose, why: "there is no earlier dose to improve on for a first dose") }
        }

        // Times: the start is not before preparation; every earlier dose is before the start, and listed once.
        if request.plannedStartAt < request.preparedAt {
            throw .timeOrder(.startAt, why: "must not be earlier than --at (the preparation time, \(Timestamp.format(request.preparedAt)))")
        }
        let starts = request.therapy.previousDoseStarts
        if let late = starts.first(where: { $0 >= request.plannedStartAt }) {
            throw .timeOrder(.previousDose, why: "\(Timestamp.format(late)) is not before the planned start \(Timestamp.format(request.plannedStartAt)); previous doses must have started earlier")
        }
        if Set(starts).count != starts.count {
            throw .timeOrder(.previousDose, why: "lists the same infusion start twice")
        }
    }

    /// Words for an accepted range: "between 3 and 300 kg".
    static func accepted(_ range: DecimalInterval, unit: String) -> String {
        "\(range.phrase) \(unit)"
    }

    static func prescribableMgPerKg(_ indication: Indication, _ monograph: Monograph) -> [Decimal] {
        if case .prescribed(let allowed, _, _) = monograph.rules(for: indication).dosing { return allowed.value }
        return []
    }

    static func mgPerKgNotApplicable(_ indication: Indication, _ monograph: Monograph) -> PreparationInputError {
        .notApplicable(.mgPerKg, why: "does not apply to \(indication.rawValue): its dose is fixed by weight band (\(bandSummary(indication, monograph)))")
    }

    private static func bandSummary(_ indication: Indication, _ monograph: Monograph) -> String {
        monograph.rules(for: indication).bands.compactMap { band in
            band.mgPerKg.map { "\($0) mg/kg for \(band.weightKg) kg" }
        }.joined(separator: ", ")
    }

    private static func indicationsWithResume(_ monograph: Monograph) -> String {
        Indication.allCases.filter { !monograph.rules(for: $0).resume.isEmpty }.map(\.rawValue).joined(separator: " and ")
    }

    private static func check(_ value: Decimal, _ option: InputOption, _ range: DecimalInterval, unit: String) throws(PreparationInputError) {
        guard range.contains(value) else { throw .outOfRange(option, value: value, accepted: accepted(range, unit: unit)) }
    }
}
