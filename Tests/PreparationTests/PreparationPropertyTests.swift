import Foundation
import Monograph
import Preparation
import PropertyBased
import Testing

/// Invariants over the whole input range (weights to the gram, every duration, every indication).
@Suite("Preparation properties")
struct PreparationPropertyTests {
    static let indications = Gen.element(of: Indication.allCases).map { $0 ?? .ra }
    /// Weights 3.000 to 300.000 kg, to the gram.
    static let weights = Gen.int(in: 3000...300_000).map { Decimal($0) / 1000 }
    /// Durations 60 to 1440 minutes.
    static let durations = Gen.int(in: 60...1440).map { Decimal($0) }

    func request(_ indication: Indication, _ weightKg: Decimal, _ durationMinutes: Decimal) -> PreparationRequest {
        PreparationRequest(
            indication: indication, weightKg: weightKg, ageYears: 40, therapy: .firstDose, preparedAt: prepTime,
            laboratory: normalLabs, durationMinutes: durationMinutes)
    }

    @Test func givenDosesRespectEveryLimit() async {
        await propertyCheck(count: 2000, input: Self.indications, Self.weights, Self.durations) { indication, weightKg, minutes in
            let result = evaluate(request(indication, weightKg, minutes))
            guard let plan = result.plan else {
                Issue.record("no plan for \(indication) \(weightKg) kg")
                return
            }
            // Never above the cap.
            #expect(plan.doseMg <= 800)
            // The infusion lasts at least the duration, which is at least 60 min: volume / rate >= minutes / 60.
            #expect(plan.rateMlPerHour > 0)
            #expect(plan.finalVolumeMl * 60 >= plan.rateMlPerHour * minutes)
            #expect(minutes >= 60)
            // The vials cover the dose, and the waste is what is left.
            let totalMg = plan.vials.vials.reduce(Decimal(0)) { $0 + $1.strengthMg * Decimal($1.count) }
            #expect(totalMg >= plan.doseMg)
            #expect(totalMg - plan.doseMg == plan.vials.wasteMg)
            // Less waste than the smallest vial chosen (otherwise that vial was not needed).
            #expect(plan.vials.vials.allSatisfy { plan.vials.wasteMg < $0.strengthMg })
            // Saline withdrawn equals drug volume; the draws add up to it.
            #expect(plan.salineWithdrawMl == plan.drugVolumeMl)
            let drawnMl = plan.vials.draws.reduce(Decimal(0)) { $0 + $1.drawMlPerVial * Decimal($1.vialCount) }
            #expect(drawnMl == plan.drugVolumeMl)
            // The dose is what is drawn: drug volume x 20 mg/mL, within half a 0.1 mL step of mg/kg x weight (capped).
            #expect(plan.doseMg == plan.drugVolumeMl * 20)
            let target = min(plan.calculatedDoseMg, 800)
            #expect(abs(plan.doseMg - target) <= 1)
        }
    }

    @Test func withheldDecisionsNeverCarryADose() async {
        let flags = Gen.int(in: 0...255)
        let ages = Gen.int(in: 0...100).map { Decimal($0) }
        let ancs = Gen.int(in: 0...400).map { Decimal($0) / 100 }
        await propertyCheck(count: 2000, input: Self.indications, Self.weights, ages, flags, ancs) { indication, weightKg, age, bits, anc in
            var labs = normalLabs
            labs.ancE9PerL = anc
            if bits & 1 != 0 { labs.altXUln = Decimal(bits % 9) }
            if bits & 2 != 0 { labs.plateletsE3PerUl = Decimal(bits % 120) }
            if bits & 4 != 0 { labs.astXUln = nil }
            let request = PreparationRequest(
                indication: indication, weightKg: weightKg, ageYears: age, therapy: .firstDose, preparedAt: prepTime,
                plannedStartAt: prepTime.addingTimeInterval(bits & 8 != 0 ? 23.5 * hour : 0), laboratory: labs,
                hypersensitivity: bits & 16 != 0, activeInfection: bits & 32 != 0,
                durationMinutes: 60)
            let result = evaluate(request)
            if result.decision.preparesDose {
                #expect(result.plan != nil)
                #expect(!result.reasons.contains { $0.severity == .block })
            } else {
                #expect(result.plan == nil)
                #expect(result.reasons.contains { $0.severity == .block })
            }
            #expect(result.reasons.allSatisfy { !$0.source.isEmpty && ($0.source.contains("【") || $0.source.hasPrefix("policy:")) })
        }
    }
}
