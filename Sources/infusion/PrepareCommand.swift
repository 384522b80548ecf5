import ArgumentParser
import ConfigFile
import Foundation
import Monograph
import Preparation

/// `infusion prepare`: the compounding worksheet (or JSON) for one tocilizumab dose.
///
/// Options arrive as text and are parsed by the engine's own input parser, so every front end refuses the same
/// inputs with the same one-line messages.
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Calculate a tocilizumab dose and print the compounding worksheet.",
        discussion: "Exit 0 whenever a decision was reached (proceed, reduce, hold, discontinue or refuse); exit 2 for invalid input."
    )

    @OptionGroup var order: PreparationOptions
    @Option(help: "text | json") var format: OutputFormat = .text
    @Option(name: .customLong("config-dir"), help: "Directory holding tocilizumab.yaml (default: $INFUSION_CONFIG_DIR, ./Config).") var configDir: String?

    func run() async throws {
        let monograph: Monograph
        do {
            monograph = try MonographLoader.load(path: ConfigLocator.path(of: "tocilizumab.yaml", explicit: configDir))
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        let result: PreparationResult
        do {
            let request = try order.input.request(monograph: monograph, now: Date())
            result = try PreparationEngine(monograph: monograph).evaluate(request)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        switch format {
        case .json: print(try result.json())
        case .text: print(Worksheet(result: result, monograph: monograph).render(), terminator: "")
        }
    }
}
