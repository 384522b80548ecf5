import ArgumentParser
import Preparation

/// The options of an order for one tocilizumab dose, shared by `infusion prepare` and `infusion order`.
///
/// Every value arrives as text and is parsed by the engine's own input parser (``PreparationInput``), so both
/// commands refuse the same inputs with the same one-line messages naming the option and its range.
struct PreparationOptions: ParsableArguments {
    @Option(help: "ra | sjia | crs") var indication: String?
    @Option(name: .customLong("weight-kg"), parsing: .unconditional, help: "Body weight in kilograms.") var weightKg: String?
    @Option(name: .customLong("age-years"), parsing: .unconditional, help: "Age in years.") var ageYears: String?
    @Flag(name: .customLong("first-dose"), help: "The first dose of this therapy (or of this CRS episode).") var firstDose = false
    @Option(name: .customLong("previous-dose"), help: "Start time (ISO 8601) of an earlier infusion; repeat for each.") var previousDose: [String] = []
    @Option(help: "Preparation time, ISO 8601 (default: now, UTC).") var at: String?
    @Option(name: .customLong("start-at"), help: "Planned infusion start, ISO 8601 (default: --at).") var startAt: String?
    @Option(name: .customLong("alt-xuln"), parsing: .unconditional, help: "ALT as a multiple of ULN (0-100).") var altXUln: String?
    @Option(name: .customLong("ast-xuln"), parsing: .unconditional, help: "AST as a multiple of ULN (0-100).") var astXUln: String?
    @Option(parsing: .unconditional, help: "Absolute neutrophil count, x10^9/L (0-100).") var anc: String?
    @Option(parsing: .unconditional, help: "Platelets, x10^3/uL (0-2000).") var platelets: String?
    @Flag(name: .customLong("persistent-liver-elevation"), help: "The ALT/AST elevation is persistent.") var persistentLiverElevation = false
    @Option(name: .customLong("resuming-after-hold"), help: "liver | anc | platelets") var resumingAfterHold: String?
    @Flag(name: .customLong("no-clinical-improvement"), help: "CRS: no clinical improvement after the first dose.") var noClinicalImprovement = false
    @Option(name: .customLong("previous-weight-kg"), parsing: .unconditional, help: "Weight at the previous dose, kg.") var previousWeightKg: String?
    @Flag(help: "Hypersensitivity to tocilizumab or an excipient, or earlier anaphylaxis to it.") var hypersensitivity = false
    @Flag(name: .customLong("active-infection"), help: "Active infection, including local infection.") var activeInfection = false
    @Option(name: .customLong("mg-per-kg"), parsing: .unconditional, help: "RA: prescribed dose, 4 or 8 mg/kg.") var mgPerKg: String?
    @Option(name: .customLong("duration-minutes"), parsing: .unconditional, help: "Infusion duration, minutes (60-1440, default 60).") var durationMinutes: String?

    var input: PreparationInput {
        var input = PreparationInput()
        input.indication = indication
        input.weightKg = weightKg
        input.ageYears = ageYears
        input.firstDose = firstDose
        input.previousDoses = previousDose
        input.at = at
        input.startAt = startAt
        input.altXUln = altXUln
        input.astXUln = astXUln
        input.anc = anc
        input.platelets = platelets
        input.persistentLiverElevation = persistentLiverElevation
        input.resumingAfterHold = resumingAfterHold
        input.noClinicalImprovement = noClinicalImprovement
        input.previousWeightKg = previousWeightKg
        input.hypersensitivity = hypersensitivity
        input.activeInfection = activeInfection
        input.mgPerKg = mgPerKg
        input.durationMinutes = durationMinutes
        return input
    }
}
