/// The inputs of a preparation order, named as the command-line options that carry them.
///
/// Input errors name the option the user typed, so the option name is the field's identity everywhere.
public enum InputOption: String, Sendable, Hashable, CaseIterable {
    case indication = "--indication"
    case weightKg = "--weight-kg"
    case ageYears = "--age-years"
    case firstDose = "--first-dose"
    case previousDose = "--previous-dose"
    case at = "--at"
    case startAt = "--start-at"
    case altXUln = "--alt-xuln"
    case astXUln = "--ast-xuln"
    case anc = "--anc"
    case platelets = "--platelets"
    case persistentLiverElevation = "--persistent-liver-elevation"
    case resumingAfterHold = "--resuming-after-hold"
    case noClinicalImprovement = "--no-clinical-improvement"
    case previousWeightKg = "--previous-weight-kg"
    case hypersensitivity = "--hypersensitivity"
    case activeInfection = "--active-infection"
    case mgPerKg = "--mg-per-kg"
    case durationMinutes = "--duration-minutes"
}
