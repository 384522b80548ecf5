import ArgumentParser
import Foundation
import Preparation
import Workflow

/// `infusion order`: records an order for one patient and the engine's decision on it.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Record an order; the engine calculates it at once (ordered -> calculated, on hold or cancelled).",
        discussion: "Doses the journal recorded for the patient are always counted, whatever --first-dose or --previous-dose say."
    )

    @Option(help: ArgumentHelp("The patient's identifier (wristband).", valueName: "id")) var patient: String?
    @Option(help: ArgumentHelp("CRS episode identifier (required for crs).", valueName: "id")) var episode: String?
    @Option(help: ArgumentHelp("The prescriber.", valueName: "id")) var by: String?
    @OptionGroup var order: PreparationOptions
    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        guard let patient else { throw CommandFailure.badInput("--patient is required (the patient's identifier)") }
        guard let by else { throw CommandFailure.badInput("--by is required (the prescriber's identifier)") }
        let preparationOrder = PreparationOrder(patientId: patient, episodeId: episode, input: order.input)
        let environment = try options.environment(creating: false, requireJournal: false)
        if !environment.journalExists {
            // The first order of a data directory: with no dose history these are all of `order`'s checks, so a
            // malformed order is refused before the directory and its journal are created.
            do {
                try Workflow.checkOrder(preparationOrder, by: by, monograph: environment.monograph, now: Date())
            } catch {
                throw CommandFailure.badInput(error.description)
            }
        }
        let workflow = try await options.open(try options.environment(creating: true))
        let (record, result) = try await performStep { () async throws(WorkflowError) in
            try await workflow.order(preparationOrder, by: by)
        }
        switch options.format {
        case .json:
            print(try JSONText.encode(OrderOutput(record: record, result: result)))
        case .text:
            print(RecordSummary.line(record))
            print("decision: \(result.decision.rawValue)")
            for reason in result.reasons { print("  [\(reason.severity.rawValue)] \(reason.code): \(reason.message) [\(reason.source)]") }
        }
    }

    /// The record and the engine's full result.
    struct OrderOutput: Encodable {
        let record: PreparationRecord
        let result: PreparationResult
    }
}
