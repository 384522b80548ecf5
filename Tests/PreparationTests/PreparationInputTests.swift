import Foundation
import Monograph
import Preparation
import Testing

/// Input errors: each names the option and what it accepts; nothing is evaluated.
@Suite("Input parsing")
struct PreparationInputTests {
    func base() -> PreparationInput {
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "70"
        input.ageYears = "45"
        input.firstDose = true
        input.at = "2026-11-26T08:00:00Z"
        return input
    }

    func error(_ change: (inout PreparationInput) -> Void) -> PreparationInputError? {
        var input = base()
        change(&input)
        do {
            _ = try input.request(monograph: monograph, now: prepTime)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodOrderParses() throws {
        var input = base()
        input.previousDoses = []
        input.altXUln = "0.5"
        input.startAt = "2026-11-26T16:30:00+08:00"
        let request = try input.request(monograph: monograph, now: Date(timeIntervalSince1970: 0))
        #expect(request.weightKg == 70)
        #expect(request.preparedAt == prepTime)
        #expect(request.plannedStartAt == prepTime.addingTimeInterval(30 * 60))
        #expect(request.durationMinutes == 60)
        #expect(request.laboratory.altXUln == d("0.5"))
    }

    @Test func atDefaultsToNow() throws {
        var input = base()
        input.at = nil
        let request = try input.request(monograph: monograph, now: prepTime.addingTimeInterval(5))
        #expect(request.preparedAt == prepTime.addingTimeInterval(5))
        #expect(request.plannedStartAt == request.preparedAt)
    }

    @Test("numbers out of range or not numbers name the option and the range", arguments: [
        (InputOption.weightKg, "0", "between 3 and 300 kg"), (.weightKg, "300.1", "between 3 and 300 kg"),
        (.weightKg, "abc", "between 3 and 300 kg"), (.weightKg, "NaN", "between 3 and 300 kg"),
        (.weightKg, "1e2", "between 3 and 300 kg"), (.weightKg, "-70", "between 3 and 300 kg"),
        (.weightKg, "70kg", "between 3 and 300 kg"), (.weightKg, "", "between 3 and 300 kg"),
        (.ageYears, "121", "between 0 and 120 years"), (.ageYears, "-1", "between 0 and 120 years"),
        (.anc, "1500", "between 0 and 100 x 10^9/L"), (.platelets, "2001", "between 0 and 2000 x 10^3/uL"),
        (.altXUln, "100.5", "between 0 and 100 x ULN"), (.astXUln, "inf", "between 0 and 100 x ULN"),
        (.durationMinutes, "59", "between 60 and 1440 minutes"), (.durationMinutes, "1441", "between 60 and 1440 minutes"),
        (.previousWeightKg, "2", "between 3 and 300 kg"),
    ])
    func numbers(option: InputOption, text: String, accepted: String) throws {
        let failure = try #require(error { input in
            switch option {
            case .weightKg: input.weightKg = text
            case .ageYears: input.ageYears = text
            case .anc: input.anc = text
            case .platelets: input.platelets = text
            case .altXUln: input.altXUln = text
            case .astXUln: input.astXUln = text
            case .durationMinutes: input.durationMinutes = text
            case .previousWeightKg: input.previousWeightKg = text
            default: Issue.record("unexpected option \(option)")
            }
        })
        #expect(failure.option == option)
        #expect(failure.description.hasPrefix(option.rawValue))
        #expect(failure.description.contains(accepted))
        #expect(!failure.description.contains("\n"))
    }

    @Test func indicationMustBeKnown() throws {
        let failure = try #require(error { $0.indication = "psoriasis" })
        #expect(failure.description == "--indication must be one of ra, sjia, crs; got 'psoriasis'")
        #expect(try #require(error { $0.indication = nil }).option == .indication)
    }

    @Test func requiredNumbersNameTheirRange() throws {
        #expect(try #require(error { $0.weightKg = nil }).description == "--weight-kg is required (between 3 and 300 kg)")
        #expect(try #require(error { $0.ageYears = nil }).option == .ageYears)
    }

    @Test func therapyStatusIsAlwaysExplicit() throws {
        let neither = try #require(error { $0.firstDose = false })
        #expect(neither.description.contains("--first-dose"))
        #expect(neither.description.contains("--previous-dose"))
        let both = try #require(error { $0.previousDoses = ["2026-10-29T08:00:00Z"] })
        #expect(both.description.contains("one or the other"))
    }

    @Test func mgPerKgRules() throws {
        let sjia = try #require(error { $0.indication = "sjia"; $0.mgPerKg = "8" })
        #expect(sjia.option == .mgPerKg)
        #expect(sjia.description.contains("fixed by weight"))
        let crs = try #require(error { $0.indication = "crs"; $0.mgPerKg = "8" })
        #expect(crs.option == .mgPerKg)
        let six = try #require(error { $0.mgPerKg = "6" })
        #expect(six.description == "--mg-per-kg must be one of 4, 8; got '6'")
        let continuing = try #require(error { $0.firstDose = false; $0.previousDoses = ["2026-10-29T08:00:00Z"] })
        #expect(continuing.option == .mgPerKg)
        #expect(continuing.description.contains("required when continuing"))
    }

    @Test func continuingOnlyOptionsNeedAPreviousDose() throws {
        #expect(try #require(error { $0.resumingAfterHold = "anc" }).option == .resumingAfterHold)
        #expect(try #require(error { $0.persistentLiverElevation = true }).option == .persistentLiverElevation)
        #expect(try #require(error { $0.indication = "crs"; $0.noClinicalImprovement = true }).option == .noClinicalImprovement)
        let unknown = try #require(error { $0.firstDose = false; $0.previousDoses = ["2026-10-29T08:00:00Z"]; $0.mgPerKg = "8"; $0.resumingAfterHold = "kidney" })
        #expect(unknown.description == "--resuming-after-hold must be one of liver, anc, platelets; got 'kidney'")
    }

    @Test func optionsForOtherIndicationsAreRefused() throws {
        let crsResume = try #require(error { $0.indication = "crs"; $0.firstDose = false; $0.previousDoses = ["2026-11-25T08:00:00Z"]; $0.resumingAfterHold = "anc" })
        #expect(crsResume.option == .resumingAfterHold)
        let raImprovement = try #require(error { $0.firstDose = false; $0.previousDoses = ["2026-10-29T08:00:00Z"]; $0.mgPerKg = "8"; $0.noClinicalImprovement = true })
        #expect(raImprovement.option == .noClinicalImprovement)
    }

    @Test func timesMustBeISO8601WithAZoneAndInOrder() throws {
        #expect(try #require(error { $0.at = "2026-11-26 08:00" }).option == .at)
        #expect(try #require(error { $0.at = "2026-11-26T08:00:00" }).option == .at)
        #expect(try #require(error { $0.at = "2026-13-01T08:00:00Z" }).option == .at)
        let early = try #require(error { $0.startAt = "2026-11-26T07:59:59Z" })
        #expect(early.option == .startAt)
        #expect(early.description.contains("earlier than --at"))
        let future = try #require(error { $0.firstDose = false; $0.mgPerKg = "8"; $0.previousDoses = ["2026-11-26T08:00:00Z"] })
        #expect(future.option == .previousDose)
        let twice = try #require(error { $0.firstDose = false; $0.mgPerKg = "8"; $0.previousDoses = ["2026-10-01T08:00:00Z", "2026-10-01T08:00:00Z"] })
        #expect(twice.option == .previousDose)
    }

    @Test func controlCharactersNeverReachTheMessage() throws {
        let failure = try #require(error { $0.weightKg = "7\u{1B}[2J0" })
        #expect(!failure.description.contains("\u{1B}"))
    }

    @Test func theEngineChecksTypedRequestsToo() {
        var request = order(.ra, weightKg: "70")
        request.weightKg = 500
        #expect(throws: PreparationInputError.self) { try engine.evaluate(request) }
        var sjia = order(.sjia, weightKg: "20", ageYears: "8")
        sjia.prescribedMgPerKg = 8
        #expect(throws: PreparationInputError.self) { try engine.evaluate(sjia) }
    }
}
