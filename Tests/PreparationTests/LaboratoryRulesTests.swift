import Foundation
import Monograph
import Preparation
import Testing

/// The label's laboratory tables (【用法用量】 剂量调整建议, 【注意事项】), band ends as the label writes them.
@Suite("Laboratory rules")
struct LaboratoryRulesTests {
    /// RA, continuing at 8 mg/kg, previous dose 28 days ago.
    func raContinuing(_ results: LaboratoryResults, persistent: Bool = false, mgPerKg: String = "8", resuming: HoldCause? = nil) -> PreparationResult {
        evaluate(order(.ra, weightKg: "70", previous: [28 * day], labs: results, mgPerKg: mgPerKg, persistent: persistent, resuming: resuming))
    }

    func sjiaContinuing(_ results: LaboratoryResults, persistent: Bool = false, resuming: HoldCause? = nil) -> PreparationResult {
        evaluate(order(.sjia, weightKg: "20", ageYears: "8", previous: [14 * day], labs: results, persistent: persistent, resuming: resuming))
    }

    // MARK: RA, continuing

    @Test("RA liver bands: > 1-3 caution, > 3-5 hold, > 5 discontinue; 3 is in 1-3, 5 in 3-5", arguments: [
        ("1", Decision.proceed, nil), ("1.01", .proceed, "LIVER_1_TO_3_ULN"), ("3", .proceed, "LIVER_1_TO_3_ULN"),
        ("3.01", .hold, "LIVER_3_TO_5_ULN"), ("5", .hold, "LIVER_3_TO_5_ULN"), ("5.01", .discontinue, "LIVER_ABOVE_5_ULN"),
    ] as [(String, Decision, String?)])
    func raLiver(value: String, decision: Decision, code: String?) {
        let result = raContinuing(labs(alt: value, ast: "0.5"))
        #expect(result.decision == decision)
        if let code { #expect(result.codes.contains(code)) } else { #expect(result.reasons.isEmpty) }
    }

    @Test func raLiverUsesTheWorseOfALTAndAST() {
        #expect(raContinuing(labs(alt: "0.5", ast: "3.5")).decision == .hold)
        #expect(raContinuing(labs(alt: "5.5", ast: "0.5")).decision == .discontinue)
    }

    @Test func raPersistentOneToThreeReducesToFour() throws {
        let result = raContinuing(labs(alt: "2"), persistent: true)
        #expect(result.decision == .reduce)
        let reason = try #require(result.reason("LIVER_1_TO_3_ULN"))
        #expect(reason.severity == .warning)
        #expect(reason.message.contains("interrupt"))
        // 4 mg/kg x 70 kg = 280 mg = 14.0 mL; 200 + 80 = 280 exactly; 280/100 = 2.80 mg/mL.
        let plan = try #require(result.plan)
        #expect(plan.mgPerKg == 4)
        #expect(plan.calculatedDoseMg == 280)
        #expect(plan.drugVolumeMl == 14)
        #expect(plan.concentrationMgPerMl == d("2.8"))
        #expect(plan.vials.vials.map(\.count) == [1, 1])
    }

    @Test func raPersistentAtFourIsNotAReduction() throws {
        let result = raContinuing(labs(alt: "2"), persistent: true, mgPerKg: "4")
        #expect(result.decision == .proceed)
        #expect(result.reason("LIVER_1_TO_3_ULN")?.severity == .warning)
        #expect(try #require(result.plan).mgPerKg == 4)
    }

    @Test func raPersistentAboveThreeDiscontinues() {
        #expect(raContinuing(labs(ast: "4"), persistent: true).decision == .discontinue)
        #expect(raContinuing(labs(ast: "4"), persistent: false).decision == .hold)
    }

    @Test("RA ANC: > 1 keep, 0.5-1 hold (both ends), < 0.5 discontinue", arguments: [
        ("1.01", Decision.proceed), ("1", .hold), ("0.75", .hold), ("0.5", .hold), ("0.49", .discontinue),
    ])
    func raAnc(value: String, decision: Decision) {
        #expect(raContinuing(labs(anc: value)).decision == decision)
    }

    @Test("RA platelets: > 100 keep, 50-100 hold (both ends), < 50 discontinue", arguments: [
        ("100.1", Decision.proceed), ("100", .hold), ("50", .hold), ("49.9", .discontinue),
    ])
    func raPlatelets(value: String, decision: Decision) {
        #expect(raContinuing(labs(platelets: value)).decision == decision)
    }

    @Test func ancBelowTwoIsAlwaysACaution() {
        #expect(raContinuing(labs(anc: "1.99")).codes == ["ANC_BELOW_2"])
        #expect(raContinuing(labs(anc: "2")).reasons.isEmpty)
        let held = raContinuing(labs(anc: "0.8"))
        #expect(Set(held.codes) == ["ANC_0_5_TO_1", "ANC_BELOW_2"])
    }

    @Test func missingLaboratoryResultsHoldRAAndSJIA() throws {
        let missing = LaboratoryResults(altXUln: d("0.5"), ancE9PerL: d("3"))
        for result in [raContinuing(missing), evaluate(order(.ra, weightKg: "70", labs: missing)), sjiaContinuing(missing)] {
            #expect(result.decision == .hold)
            let reason = try #require(result.reason("LABORATORY_RESULTS_MISSING"))
            #expect(reason.message.contains("--ast-xuln"))
            #expect(reason.message.contains("--platelets"))
            #expect(!reason.message.contains("--anc,"))
            #expect(result.earliestNextDoseAt == nil)
        }
    }

    // MARK: RA, first dose 【注意事项】

    @Test("RA first dose: caution above 1.5 x ULN, ANC < 2, platelets < 100; refuse above 5, < 0.5, < 50", arguments: [
        (labs(alt: "1.5"), Decision.proceed, [String]()),
        (labs(alt: "1.6"), .proceed, ["LIVER_ABOVE_1_5_ULN_AT_START"]),
        (labs(ast: "5"), .proceed, ["LIVER_ABOVE_1_5_ULN_AT_START"]),
        (labs(ast: "5.1"), .refuse, ["LIVER_ABOVE_5_ULN_AT_START"]),
        (labs(anc: "1.5"), .proceed, ["ANC_BELOW_2"]),
        (labs(anc: "0.5"), .proceed, ["ANC_BELOW_2"]),
        (labs(anc: "0.49"), .refuse, ["ANC_BELOW_0_5_AT_START", "ANC_BELOW_2"]),
        (labs(platelets: "100"), .proceed, []),
        (labs(platelets: "99"), .proceed, ["PLATELETS_BELOW_100_AT_START"]),
        (labs(platelets: "50"), .proceed, ["PLATELETS_BELOW_100_AT_START"]),
        (labs(platelets: "49"), .refuse, ["PLATELETS_BELOW_50_AT_START"]),
    ])
    func raFirstDose(results: LaboratoryResults, decision: Decision, codes: [String]) {
        let result = evaluate(order(.ra, weightKg: "70", labs: results))
        #expect(result.decision == decision)
        #expect(Set(result.codes) == Set(codes))
    }

    // MARK: sJIA

    @Test("sJIA first dose: ANC < 2, platelets < 100 or liver > 1.5 x ULN refuse", arguments: [
        (labs(anc: "1.99"), Decision.refuse), (labs(anc: "2"), .proceed),
        (labs(platelets: "99.9"), .refuse), (labs(platelets: "100"), .proceed),
        (labs(alt: "1.51"), .refuse), (labs(alt: "1.5"), .proceed),
    ])
    func sjiaFirstDose(results: LaboratoryResults, decision: Decision) {
        #expect(evaluate(order(.sjia, weightKg: "20", ageYears: "8", labs: results)).decision == decision)
    }

    @Test func sjiaIsNeverReduced() {
        // Where RA would reduce (persistent > 1-3 x ULN), sJIA holds.
        let result = sjiaContinuing(labs(alt: "2"), persistent: true)
        #expect(result.decision == .hold)
        #expect(result.plan == nil)
        #expect(sjiaContinuing(labs(alt: "2")).decision == .proceed)
    }

    @Test func sjiaPersistentAboveThreeHoldsRatherThanDiscontinues() {
        #expect(sjiaContinuing(labs(alt: "4"), persistent: true).decision == .hold)
        #expect(sjiaContinuing(labs(alt: "5.5"), persistent: true).decision == .discontinue)
    }

    @Test func sjiaDiscontinuationRestsOnIndividualAssessment() throws {
        for results in [labs(alt: "5.5"), labs(anc: "0.4"), labs(platelets: "40")] {
            let result = sjiaContinuing(results)
            #expect(result.decision == .discontinue)
            let block = try #require(result.reasons.first { $0.severity == .block })
            #expect(block.message.contains("individual medical assessment"))
        }
    }

    @Test("sJIA continuing ANC and platelet bands", arguments: [
        (labs(anc: "1"), Decision.hold), (labs(anc: "0.5"), .hold), (labs(anc: "1.1"), .proceed),
        (labs(platelets: "100"), .hold), (labs(platelets: "50"), .hold), (labs(platelets: "101"), .proceed),
    ])
    func sjiaContinuingBands(results: LaboratoryResults, decision: Decision) {
        #expect(sjiaContinuing(results).decision == decision)
    }

    // MARK: Resuming after a hold

    @Test func raResumingAfterAncHoldRestartsAtFour() throws {
        let result = raContinuing(labs(anc: "1.5"), resuming: .anc)
        #expect(result.decision == .reduce)
        #expect(result.reason("RA_RESTART_4_MG_PER_KG_AFTER_ANC_HOLD")?.message.contains("8 mg/kg") == true)
        #expect(try #require(result.plan).mgPerKg == 4)
    }

    @Test func raResumingAfterPlateletHoldRestartsAtFour() throws {
        let result = raContinuing(labs(platelets: "150"), resuming: .platelets)
        #expect(result.decision == .reduce)
        #expect(try #require(result.plan).mgPerKg == 4)
        // Prescribed 4 already: not a reduction.
        let atFour = raContinuing(labs(platelets: "150"), mgPerKg: "4", resuming: .platelets)
        #expect(atFour.decision == .proceed)
    }

    @Test("resuming needs recovery: ANC > 1, platelets > 100, liver < 3 (exactly 3 still holds)", arguments: [
        (labs(anc: "1"), HoldCause.anc, Decision.hold, "RESUME_ANC_NOT_ABOVE_1"),
        (labs(platelets: "100"), .platelets, .hold, "RESUME_PLATELETS_NOT_ABOVE_100"),
        (labs(alt: "3"), .liver, .hold, "RESUME_LIVER_NOT_BELOW_3_ULN"),
    ])
    func resumeThresholds(results: LaboratoryResults, cause: HoldCause, decision: Decision, code: String) {
        let result = raContinuing(results, resuming: cause)
        #expect(result.decision == decision)
        #expect(result.codes.contains(code))
    }

    @Test func raResumingAfterLiverHoldKeepsThePrescribedDose() throws {
        let result = raContinuing(labs(alt: "2.9"), resuming: .liver)
        #expect(result.decision == .proceed)
        #expect(result.codes.contains("LIVER_1_TO_3_ULN"))
        #expect(try #require(result.plan).mgPerKg == 8)
    }

    @Test func sjiaResumesAtTheWeightDoseAfterAClinicalAssessment() throws {
        let result = sjiaContinuing(labs(anc: "1.5"), resuming: .anc)
        #expect(result.decision == .proceed)
        let reminder = try #require(result.reason("SJIA_RESUME_AFTER_CLINICAL_ASSESSMENT"))
        #expect(reminder.message.contains("clinical assessment"))
        #expect(try #require(result.plan).mgPerKg == 12)
    }
}
