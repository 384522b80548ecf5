import Foundation
import Monograph
import Preparation
import Testing

/// Dose, volume, concentration, rate and vial arithmetic, worked by hand from 【用法用量】 and 【规格】 (20 mg/mL).
@Suite("Dose arithmetic")
struct DoseArithmeticTests {
    /// One fully worked example per line: every number computed by hand.
    struct Worked: Sendable, CustomStringConvertible {
        let indication: Indication
        let weightKg: String
        let mgPerKg: String
        let calculatedDoseMg: String
        let doseMg: String
        let drugVolumeMl: String
        let bagVolumeMl: String
        let concentrationMgPerMl: String
        let rateMlPerHour: String
        let vials: [(Int, Int)]  // (strengthMg, count), largest first
        let wasteMg: String
        var description: String { "\(indication) \(weightKg) kg" }
    }

    static let examples: [Worked] = [
        // RA 8 mg/kg x 70 kg = 560 mg = 28.0 mL; 560/100 = 5.60 mg/mL; 400 + 80 + 80 = 560, no waste.
        Worked(indication: .ra, weightKg: "70", mgPerKg: "8", calculatedDoseMg: "560", doseMg: "560", drugVolumeMl: "28",
               bagVolumeMl: "100", concentrationMgPerMl: "5.6", rateMlPerHour: "100", vials: [(400, 1), (80, 2)], wasteMg: "0"),
        // RA 8 x 72.3 = 578.4 mg -> 28.92 mL -> 28.9 mL -> 578 mg; every vial sum is a multiple of 40: 600 = 400 + 200.
        Worked(indication: .ra, weightKg: "72.3", mgPerKg: "8", calculatedDoseMg: "578.4", doseMg: "578", drugVolumeMl: "28.9",
               bagVolumeMl: "100", concentrationMgPerMl: "5.78", rateMlPerHour: "100", vials: [(400, 1), (200, 1)], wasteMg: "22"),
        // Half-up: 8 x 70.125 = 561 mg -> 28.05 mL -> 28.1 mL -> 562 mg.
        Worked(indication: .ra, weightKg: "70.125", mgPerKg: "8", calculatedDoseMg: "561", doseMg: "562", drugVolumeMl: "28.1",
               bagVolumeMl: "100", concentrationMgPerMl: "5.62", rateMlPerHour: "100", vials: [(400, 1), (200, 1)], wasteMg: "38"),
        // Just below half: 8 x 70.1 = 560.8 mg -> 28.04 mL -> 28.0 mL -> 560 mg.
        Worked(indication: .ra, weightKg: "70.1", mgPerKg: "8", calculatedDoseMg: "560.8", doseMg: "560", drugVolumeMl: "28",
               bagVolumeMl: "100", concentrationMgPerMl: "5.6", rateMlPerHour: "100", vials: [(400, 1), (80, 2)], wasteMg: "0"),
        // RA 4 mg/kg x 71.25 = 285 mg -> 14.25 -> 14.3 mL -> 286 mg; 286/100 = 2.86; 200 + 80 + 80 = 360 vs 80 x 4 = 320: 320.
        Worked(indication: .ra, weightKg: "71.25", mgPerKg: "4", calculatedDoseMg: "285", doseMg: "286", drugVolumeMl: "14.3",
               bagVolumeMl: "100", concentrationMgPerMl: "2.86", rateMlPerHour: "100", vials: [(80, 4)], wasteMg: "34"),
        // Cap: 8 x 120 = 960 mg > 800 -> 40.0 mL, 800 mg, 8.00 mg/mL, two 400 mg vials.
        Worked(indication: .ra, weightKg: "120", mgPerKg: "8", calculatedDoseMg: "960", doseMg: "800", drugVolumeMl: "40",
               bagVolumeMl: "100", concentrationMgPerMl: "8", rateMlPerHour: "100", vials: [(400, 2)], wasteMg: "0"),
        // Exactly at the cap: 8 x 100 = 800 mg.
        Worked(indication: .ra, weightKg: "100", mgPerKg: "8", calculatedDoseMg: "800", doseMg: "800", drugVolumeMl: "40",
               bagVolumeMl: "100", concentrationMgPerMl: "8", rateMlPerHour: "100", vials: [(400, 2)], wasteMg: "0"),
        // sJIA < 30 kg: 12 x 29.9 = 358.8 mg -> 17.94 -> 17.9 mL -> 358 mg in 50 mL = 7.16 mg/mL; 360 = 200 + 80 + 80.
        Worked(indication: .sjia, weightKg: "29.9", mgPerKg: "12", calculatedDoseMg: "358.8", doseMg: "358", drugVolumeMl: "17.9",
               bagVolumeMl: "50", concentrationMgPerMl: "7.16", rateMlPerHour: "50", vials: [(200, 1), (80, 2)], wasteMg: "2"),
        // sJIA >= 30 kg: 8 x 30 = 240 mg = 12.0 mL in 100 mL = 2.40 mg/mL; 80 x 3 wastes nothing.
        Worked(indication: .sjia, weightKg: "30", mgPerKg: "8", calculatedDoseMg: "240", doseMg: "240", drugVolumeMl: "12",
               bagVolumeMl: "100", concentrationMgPerMl: "2.4", rateMlPerHour: "100", vials: [(80, 3)], wasteMg: "0"),
        // sJIA 8 x 32.1 = 256.8 mg -> 12.84 -> 12.8 mL -> 256 mg; 280 = 200 + 80 (2 vials) beats 320 and 400.
        Worked(indication: .sjia, weightKg: "32.1", mgPerKg: "8", calculatedDoseMg: "256.8", doseMg: "256", drugVolumeMl: "12.8",
               bagVolumeMl: "100", concentrationMgPerMl: "2.56", rateMlPerHour: "100", vials: [(200, 1), (80, 1)], wasteMg: "24"),
        // sJIA 8 x 110 = 880 mg, capped at 800 by site policy.
        Worked(indication: .sjia, weightKg: "110", mgPerKg: "8", calculatedDoseMg: "880", doseMg: "800", drugVolumeMl: "40",
               bagVolumeMl: "100", concentrationMgPerMl: "8", rateMlPerHour: "100", vials: [(400, 2)], wasteMg: "0"),
        // CRS < 30 kg: 12 x 25 = 300 mg = 15.0 mL in 50 mL = 6.00 mg/mL; 320 = 80 x 4 wastes least (20 mg).
        Worked(indication: .crs, weightKg: "25", mgPerKg: "12", calculatedDoseMg: "300", doseMg: "300", drugVolumeMl: "15",
               bagVolumeMl: "50", concentrationMgPerMl: "6", rateMlPerHour: "50", vials: [(80, 4)], wasteMg: "20"),
        // CRS >= 30 kg: 8 x 75 = 600 mg = 30.0 mL in 100 mL; 400 + 200.
        Worked(indication: .crs, weightKg: "75", mgPerKg: "8", calculatedDoseMg: "600", doseMg: "600", drugVolumeMl: "30",
               bagVolumeMl: "100", concentrationMgPerMl: "6", rateMlPerHour: "100", vials: [(400, 1), (200, 1)], wasteMg: "0"),
        // CRS 8 x 130 = 1040 mg, capped at the label's 800 mg.
        Worked(indication: .crs, weightKg: "130", mgPerKg: "8", calculatedDoseMg: "1040", doseMg: "800", drugVolumeMl: "40",
               bagVolumeMl: "100", concentrationMgPerMl: "8", rateMlPerHour: "100", vials: [(400, 2)], wasteMg: "0"),
        // Smallest weight accepted: sJIA 12 x 3 = 36 mg = 1.8 mL in 50 mL = 0.72 mg/mL; one 80 mg vial, 44 mg waste.
        Worked(indication: .sjia, weightKg: "3", mgPerKg: "12", calculatedDoseMg: "36", doseMg: "36", drugVolumeMl: "1.8",
               bagVolumeMl: "50", concentrationMgPerMl: "0.72", rateMlPerHour: "50", vials: [(80, 1)], wasteMg: "44"),
    ]

    @Test("worked examples", arguments: examples)
    func worked(_ example: Worked) throws {
        let request = order(example.indication, weightKg: example.weightKg, ageYears: example.indication == .ra ? "45" : "10",
                            mgPerKg: example.indication == .ra ? example.mgPerKg : nil)
        let result = evaluate(request)
        #expect(result.decision == .proceed)
        let plan = try #require(result.plan)
        #expect(plan.mgPerKg == d(example.mgPerKg))
        #expect(plan.calculatedDoseMg == d(example.calculatedDoseMg))
        #expect(plan.doseMg == d(example.doseMg))
        #expect(plan.drugVolumeMl == d(example.drugVolumeMl))
        #expect(plan.salineWithdrawMl == d(example.drugVolumeMl))
        #expect(plan.bagVolumeMl == d(example.bagVolumeMl))
        #expect(plan.finalVolumeMl == d(example.bagVolumeMl))
        #expect(plan.concentrationMgPerMl == d(example.concentrationMgPerMl))
        #expect(plan.rateMlPerHour == d(example.rateMlPerHour))
        #expect(plan.durationMinutes == 60)
        #expect(plan.vials.vials.map { NSDecimalNumber(decimal: $0.strengthMg).intValue } == example.vials.map(\.0))
        #expect(plan.vials.vials.map(\.count) == example.vials.map(\.1))
        #expect(plan.vials.wasteMg == d(example.wasteMg))
        #expect(plan.beyondUseAt == prepTime.addingTimeInterval(24 * hour))
    }

    @Test("the rate is rounded down so the infusion never runs shorter than prescribed", arguments: [
        // 100 mL over 90 min = 66.66.. -> 66.6 mL/h; over 1440 min = 4.166.. -> 4.1; over 61 min = 98.36.. -> 98.3.
        ("100", "90", "66.6"), ("100", "1440", "4.1"), ("100", "61", "98.3"), ("100", "120", "50"),
        // 50 mL bags (sJIA < 30 kg): over 61 min = 49.18.. -> 49.1; over 90 min = 33.33.. -> 33.3; over 70 = 42.85.. -> 42.8.
        ("50", "61", "49.1"), ("50", "90", "33.3"), ("50", "70", "42.8"),
    ])
    func rateRoundsDown(bag: String, minutes: String, rate: String) throws {
        let request = bag == "100"
            ? order(.ra, weightKg: "70", durationMinutes: minutes)
            : order(.sjia, weightKg: "20", ageYears: "8", durationMinutes: minutes)
        let plan = try #require(evaluate(request).plan)
        #expect(plan.rateMlPerHour == d(rate))
        #expect(plan.durationMinutes == d(minutes))
    }

    @Test("draws: whole vials first, then the partial one")
    func drawsWholeThenPartial() throws {
        // 578 mg from 400 + 200: the whole 20.0 mL of the 400 mg vial, then 178 mg = 8.9 mL of the 200 mg vial (1.1 mL left).
        let plan = try #require(evaluate(order(.ra, weightKg: "72.3")).plan)
        #expect(plan.vials.draws.count == 2)
        let whole = plan.vials.draws[0]
        #expect(whole.whole && whole.strengthMg == 400 && whole.vialCount == 1 && whole.drawMlPerVial == 20)
        let partial = plan.vials.draws[1]
        #expect(!partial.whole && partial.strengthMg == 200 && partial.vialCount == 1 && partial.drawMlPerVial == d("8.9"))
    }

    @Test("sJIA 29 kg: partial from the second 80 mg vial")
    func partialFromRepeatedStrength() throws {
        // 12 x 29 = 348 mg = 17.4 mL; 360 = 200 + 80 + 80: whole 10.0 mL, whole 4.0 mL, then 68 mg = 3.4 mL; waste 12 mg.
        let plan = try #require(evaluate(order(.sjia, weightKg: "29", ageYears: "9")).plan)
        #expect(plan.vials.draws.map(\.strengthMg) == [200, 80, 80])
        #expect(plan.vials.draws.map(\.drawMlPerVial) == [10, 4, d("3.4")])
        #expect(plan.vials.draws.map(\.whole) == [true, true, false])
        #expect(plan.vials.wasteMg == 12)
    }
}
