import ArgumentParser
import ConfigFile
import Foundation
import PumpProtocol

/// The program options of `infusion pump program` and `infusion pump start`, read strictly: plain decimals only
/// (`12abc` and `1e3` are refused), then the pump's own limits and decimal places, so a value the pump would refuse
/// or round never reaches it.
struct PumpCommandProgramOptions: ParsableArguments {
    @Option(name: .customLong("rate-ml-per-hour"), parsing: .unconditional, help: ArgumentHelp("Infusion rate, mL/h (0.1-999, 1 decimal place).", valueName: "rate"))
    var rateMlPerHour: String
    @Option(name: .customLong("vtbi-ml"), parsing: .unconditional, help: ArgumentHelp("Volume to be infused, mL (1-9999, 1 decimal place).", valueName: "ml"))
    var vtbiMl: String
    @Option(help: ArgumentHelp("Drug identifier (1-32 of A-Z a-z 0-9 . _ -).", valueName: "id"))
    var drug: String
    @Option(name: .customLong("concentration-mg-per-ml"), parsing: .unconditional, help: ArgumentHelp("Concentration, mg/mL (0.0001-1000, 4 decimal places).", valueName: "mg-per-ml"))
    var concentrationMgPerMl: String
    @Option(name: .customLong("watchdog-seconds"), parsing: .unconditional, help: ArgumentHelp("Communication watchdog, s (10-300).", valueName: "s"))
    var watchdogSeconds: Int = 30

    func validate() throws {
        do {
            _ = try program()
        } catch let failure as CommandFailure {
            throw ValidationError(failure.message)
        }
    }

    /// The program, or exit 2 naming the option and what it accepts.
    func program() throws -> PumpProgram {
        let rate = try Self.decimal(rateMlPerHour, option: "--rate-ml-per-hour", example: "66.6")
        let vtbi = try Self.decimal(vtbiMl, option: "--vtbi-ml", example: "100")
        let concentration = try Self.decimal(concentrationMgPerMl, option: "--concentration-mg-per-ml", example: "5.6")
        do {
            return try PumpProgram(
                rateMlPerHour: rate, vtbiMl: vtbi, drugId: drug, concentrationMgPerMl: concentration,
                watchdogSeconds: watchdogSeconds)
        } catch {
            throw CommandFailure.badInput("\(Self.option(for: error.field)): \(error.description)")
        }
    }

    private static func decimal(_ text: String, option: String, example: String) throws -> Decimal {
        guard let value = StrictDecimal.parse(text) else {
            throw CommandFailure.badInput("\(option) expects a plain decimal number such as \(example), found '\(text)'")
        }
        return value
    }

    private static func option(for field: PayloadKey) -> String {
        switch field {
        case .rate: return "--rate-ml-per-hour"
        case .vtbi: return "--vtbi-ml"
        case .drug: return "--drug"
        case .conc: return "--concentration-mg-per-ml"
        case .wdog: return "--watchdog-seconds"
        default: return "--\(field)"
        }
    }
}
