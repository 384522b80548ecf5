import Foundation
import Monograph
import Preparation
import TestSupport
import Testing

/// The reviewed monograph from Config/, loaded once: the tests check the engine against the label through it.
let monograph: Monograph = {
    do {
        return try MonographLoader.load(path: RepositoryLayout.config("tocilizumab.yaml").path)
    } catch {
        fatalError("Config/tocilizumab.yaml does not load: \(error)")
    }
}()

let engine = PreparationEngine(monograph: monograph)

/// 2026-11-26T08:00:00Z, the preparation time of most examples.
let prepTime = Date(timeIntervalSince1970: 1_795_680_000)

func d(_ text: String) -> Decimal { Decimal(string: text)! }

func time(_ text: String) -> Date { Timestamp.parse(text)! }

let hour: TimeInterval = 3600
let day: TimeInterval = 86400

/// Normal laboratory values: nothing in any band.
let normalLabs = LaboratoryResults(altXUln: d("0.8"), astXUln: d("0.9"), ancE9PerL: d("3.5"), plateletsE3PerUl: d("250"))

/// A request with sensible defaults; tests override what they are about.
func order(
    _ indication: Indication, weightKg: String, ageYears: String = "45", previous: [TimeInterval]? = nil,
    labs: LaboratoryResults = normalLabs, mgPerKg: String? = nil, durationMinutes: String = "60",
    startAfter: TimeInterval = 0, persistent: Bool = false, resuming: HoldCause? = nil, noImprovement: Bool = false,
    previousWeightKg: String? = nil, hypersensitivity: Bool = false, activeInfection: Bool = false
) -> PreparationRequest {
    let start = prepTime.addingTimeInterval(startAfter)
    let therapy: TherapyStatus = previous.map { offsets in .continuing(previousDoseStarts: offsets.map { start.addingTimeInterval(-$0) }.sorted()) } ?? .firstDose
    return PreparationRequest(
        indication: indication, weightKg: d(weightKg), ageYears: d(ageYears), therapy: therapy, preparedAt: prepTime,
        plannedStartAt: start, laboratory: labs, persistentLiverElevation: persistent, resumingAfterHold: resuming,
        noClinicalImprovement: noImprovement, previousWeightKg: previousWeightKg.map(d), hypersensitivity: hypersensitivity,
        activeInfection: activeInfection, prescribedMgPerKg: mgPerKg.map(d), durationMinutes: d(durationMinutes)
    )
}

func evaluate(_ request: PreparationRequest) -> PreparationResult {
    do {
        return try engine.evaluate(request)
    } catch {
        Issue.record("unexpected input error: \(error)")
        fatalError("unexpected input error: \(error)")
    }
}

extension PreparationResult {
    var codes: [String] { reasons.map(\.code) }
    func reason(_ code: String) -> Reason? { reasons.first { $0.code == code } }
}

func labs(alt: String = "0.8", ast: String = "0.9", anc: String = "3.5", platelets: String = "250") -> LaboratoryResults {
    LaboratoryResults(altXUln: d(alt), astXUln: d(ast), ancE9PerL: d(anc), plateletsE3PerUl: d(platelets))
}
