import Foundation
import Monograph
import Preparation
import Testing

/// Decisions and reasons, each rule and band edge checked against the label text (sections cited per test).
@Suite("Decision rules")
struct DecisionRulesTests {
    // MARK: 【禁忌】 contraindications

    @Test func hypersensitivityRefuses() {
        let result = evaluate(order(.ra, weightKg: "70", hypersensitivity: true))
        #expect(result.decision == .refuse)
        #expect(result.reason("HYPERSENSITIVITY")?.severity == .block)
        #expect(result.reason("HYPERSENSITIVITY")?.source.contains("【禁忌】") == true)
        #expect(result.plan == nil)
    }

    @Test func activeInfectionHoldsForEveryIndication() {
        for (indication, weight) in [(Indication.ra, "70"), (.sjia, "20"), (.crs, "40")] {
            let result = evaluate(order(indication, weightKg: weight, ageYears: indication == .ra ? "45" : "10", activeInfection: true))
            #expect(result.decision == .hold, "\(indication)")
            #expect(result.codes.contains("ACTIVE_INFECTION"))
            #expect(result.earliestNextDoseAt == nil)
        }
    }

    @Test func refuseOutranksHoldAndEveryReasonIsListed() {
        let result = evaluate(order(.ra, weightKg: "70", ageYears: "70", hypersensitivity: true, activeInfection: true))
        #expect(result.decision == .refuse)
        #expect(Set(result.codes) == ["HYPERSENSITIVITY", "ACTIVE_INFECTION", "AGE_65_OR_OVER"])
        #expect(result.reasons.first?.code == "HYPERSENSITIVITY")
    }

    // MARK: Age 【儿童用药】 【老年用药】 【适应症】

    @Test("under 2 years: refuse as not established, never contraindicated", arguments: [Indication.sjia, .crs])
    func underTwoNotEstablished(_ indication: Indication) throws {
        let result = evaluate(order(indication, weightKg: "11", ageYears: "1.9"))
        #expect(result.decision == .refuse)
        let reason = try #require(result.reason("AGE_UNDER_2_NOT_ESTABLISHED"))
        #expect(reason.message.contains("not established"))
        #expect(!reason.message.lowercased().contains("contraindicated"))
        #expect(reason.source.contains("【儿童用药】"))
    }

    @Test("exactly 2 years is allowed", arguments: [Indication.sjia, .crs])
    func twoYearsAllowed(_ indication: Indication) {
        #expect(evaluate(order(indication, weightKg: "12", ageYears: "2")).decision == .proceed)
    }

    @Test func raIsForAdults() {
        #expect(evaluate(order(.ra, weightKg: "60", ageYears: "17.9")).decision == .refuse)
        #expect(evaluate(order(.ra, weightKg: "60", ageYears: "17.9")).codes.contains("RA_ADULTS_ONLY"))
        #expect(evaluate(order(.ra, weightKg: "60", ageYears: "18")).decision == .proceed)
    }

    @Test func olderPatientsCautionWithoutChangingTheDecision() {
        let at65 = evaluate(order(.ra, weightKg: "70", ageYears: "65"))
        #expect(at65.decision == .proceed)
        #expect(at65.reason("AGE_65_OR_OVER")?.severity == .warning)
        #expect(at65.reason("AGE_65_OR_OVER")?.source.contains("【老年用药】") == true)
        #expect(!evaluate(order(.ra, weightKg: "70", ageYears: "64.9")).codes.contains("AGE_65_OR_OVER"))
    }

    @Test func sjiaInAnAdultIsACaution() {
        let result = evaluate(order(.sjia, weightKg: "60", ageYears: "18"))
        #expect(result.decision == .proceed)
        #expect(result.reason("SJIA_ADULT_PATIENT")?.severity == .warning)
        #expect(!evaluate(order(.sjia, weightKg: "60", ageYears: "17")).codes.contains("SJIA_ADULT_PATIENT"))
    }

    // MARK: Dosing intervals 【用法用量】

    @Test("RA: 4 weeks between starts")
    func raInterval() throws {
        let early = evaluate(order(.ra, weightKg: "70", previous: [27 * day], mgPerKg: "8"))
        #expect(early.decision == .hold)
        #expect(early.codes.contains("DOSE_TOO_EARLY"))
        #expect(early.earliestNextDoseAt == prepTime.addingTimeInterval(day))
        #expect(early.plan == nil)
        let onTime = evaluate(order(.ra, weightKg: "70", previous: [28 * day], mgPerKg: "8"))
        #expect(onTime.decision == .proceed)
        #expect(onTime.earliestNextDoseAt == prepTime.addingTimeInterval(28 * day))
    }

    @Test("sJIA: 2 weeks between starts")
    func sjiaInterval() {
        let early = evaluate(order(.sjia, weightKg: "20", ageYears: "8", previous: [13 * day + 23 * hour]))
        #expect(early.decision == .hold)
        #expect(early.earliestNextDoseAt == prepTime.addingTimeInterval(hour))
        let onTime = evaluate(order(.sjia, weightKg: "20", ageYears: "8", previous: [14 * day]))
        #expect(onTime.decision == .proceed)
        #expect(onTime.earliestNextDoseAt == prepTime.addingTimeInterval(14 * day))
    }

    @Test("the latest previous dose counts, and the planned start, not the preparation time")
    func startAtCounts() {
        // The infusion starts 12 h after preparation; the latest of two earlier starts was exactly 28 days before that
        // start (27.5 days before preparation, which alone would be too early).
        let request = order(.ra, weightKg: "70", previous: [60 * day, 28 * day], mgPerKg: "8", startAfter: 12 * hour)
        let result = evaluate(request)
        #expect(result.decision == .proceed)
        #expect(result.earliestNextDoseAt == prepTime.addingTimeInterval(12 * hour + 28 * day))
    }

    // MARK: CRS repeat doses 【用法用量】

    @Test func crsSecondDoseNeedsNoImprovement() {
        let held = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [9 * hour]))
        #expect(held.decision == .hold)
        #expect(held.codes == ["REPEAT_DOSE_NEEDS_NO_IMPROVEMENT"])
        #expect(held.earliestNextDoseAt == nil)
        let given = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [9 * hour], noImprovement: true))
        #expect(given.decision == .proceed)
        #expect(given.earliestNextDoseAt == prepTime.addingTimeInterval(8 * hour))
    }

    @Test func crsEightHoursBetweenStarts() {
        let early = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [8 * hour - 60], noImprovement: true))
        #expect(early.decision == .hold)
        #expect(early.earliestNextDoseAt == prepTime.addingTimeInterval(60))
        #expect(evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [8 * hour], noImprovement: true)).decision == .proceed)
    }

    @Test func crsFourthDoseIsTheLast() {
        let fourth = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [30 * hour, 20 * hour, 10 * hour], noImprovement: true))
        #expect(fourth.decision == .proceed)
        #expect(fourth.earliestNextDoseAt == nil)
        let third = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [20 * hour, 10 * hour], noImprovement: true))
        #expect(third.earliestNextDoseAt == prepTime.addingTimeInterval(8 * hour))
    }

    @Test func crsFifthDoseIsRefused() {
        let fifth = evaluate(order(.crs, weightKg: "40", ageYears: "30", previous: [40 * hour, 30 * hour, 20 * hour, 10 * hour], noImprovement: true))
        #expect(fifth.decision == .refuse)
        #expect(fifth.codes.contains("MAXIMUM_DOSES_REACHED"))
        #expect(fifth.earliestNextDoseAt == nil)
        #expect(fifth.plan == nil)
    }

    @Test func crsNeedsNoLaboratoryResults() {
        let result = evaluate(order(.crs, weightKg: "40", ageYears: "30", labs: LaboratoryResults()))
        #expect(result.decision == .proceed)
        #expect(result.reasons.isEmpty)
    }

    @Test func crsLaboratoryWarningsNeverChangeTheDecision() {
        let result = evaluate(order(.crs, weightKg: "40", ageYears: "30", labs: labs(alt: "5.1", anc: "0.4", platelets: "49")))
        #expect(result.decision == .proceed)
        #expect(Set(result.codes) == ["CRS_LIVER_ABOVE_5_ULN", "CRS_ANC_BELOW_0_5", "CRS_PLATELETS_BELOW_50", "ANC_BELOW_2"])
        #expect(result.reasons.allSatisfy { $0.severity == .warning })
        let atEdges = evaluate(order(.crs, weightKg: "40", ageYears: "30", labs: labs(alt: "5", anc: "0.5", platelets: "50")))
        #expect(Set(atEdges.codes) == ["ANC_BELOW_2"])
    }

    // MARK: Caps

    @Test func capIsInformationForRAAndCRS() {
        for indication in [Indication.ra, .crs] {
            let result = evaluate(order(indication, weightKg: "100.1"))
            #expect(result.decision == .proceed)
            #expect(result.reason("DOSE_CAPPED")?.severity == .info)
            #expect(result.plan?.doseMg == 800)
            #expect(!evaluate(order(indication, weightKg: "100")).codes.contains("DOSE_CAPPED"))
        }
    }

    @Test func sjiaCapIsSitePolicyAndSaysSo() throws {
        let result = evaluate(order(.sjia, weightKg: "100.5", ageYears: "17"))
        #expect(result.decision == .proceed)
        let reason = try #require(result.reason("DOSE_CAPPED_BY_SITE_POLICY"))
        #expect(reason.severity == .warning)
        #expect(reason.source.hasPrefix("policy:"))
        #expect(reason.message.contains("label states no cap"))
        #expect(result.plan?.doseMg == 800)
    }

    // MARK: sJIA weight bands

    @Test("band-edge warning within 2 kg of 30 kg", arguments: [("27.9", false), ("28", true), ("30", true), ("32", true), ("32.1", false)])
    func bandEdge(weight: String, warns: Bool) {
        #expect(evaluate(order(.sjia, weightKg: weight, ageYears: "9")).codes.contains("WEIGHT_NEAR_BAND_EDGE") == warns)
    }

    @Test func previousWeightInTheOtherBandWarns() {
        let result = evaluate(order(.sjia, weightKg: "35", ageYears: "10", previous: [14 * day], previousWeightKg: "29"))
        #expect(result.decision == .proceed)
        #expect(result.codes.contains("WEIGHT_BAND_CHANGED"))
        #expect(!evaluate(order(.sjia, weightKg: "35", ageYears: "10", previous: [14 * day], previousWeightKg: "33")).codes.contains("WEIGHT_BAND_CHANGED"))
    }

    // MARK: Beyond use 【用法用量】 配好的注射液

    @Test func infusionEndingAfterBeyondUseHolds() {
        // Prepared 08:00; 24 h later is beyond use. Start 23 h later for 60 min ends exactly then: allowed.
        #expect(evaluate(order(.ra, weightKg: "70", startAfter: 23 * hour)).decision == .proceed)
        let late = evaluate(order(.ra, weightKg: "70", startAfter: 23 * hour + 60))
        #expect(late.decision == .hold)
        #expect(late.codes == ["INFUSION_WOULD_END_AFTER_BEYOND_USE"])
        #expect(late.earliestNextDoseAt == nil)
        // A longer infusion moves the end: 120 min from 22 h 01 min ends past 24 h.
        #expect(evaluate(order(.ra, weightKg: "70", durationMinutes: "120", startAfter: 22 * hour + 60)).decision == .hold)
    }

    // MARK: Nothing is prepared unless the dose is given

    @Test func heldResultsCarryNoPreparationFields() throws {
        let result = evaluate(order(.ra, weightKg: "70", previous: [7 * day], mgPerKg: "8"))
        #expect(result.decision == .hold)
        #expect(result.plan == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.json().utf8)) as? [String: Any])
        for key in ["mgPerKg", "calculatedDoseMg", "doseMg", "drugVolumeMl", "salineWithdrawMl", "bagVolumeMl", "finalVolumeMl",
                    "concentrationMgPerMl", "rateMlPerHour", "vials", "wasteMg", "beyondUseAt"] {
            #expect(json[key] is NSNull, "\(key) must be null on hold")
        }
        #expect(json["earliestNextDoseAt"] as? String == "2026-12-17T08:00:00Z")
    }
}
