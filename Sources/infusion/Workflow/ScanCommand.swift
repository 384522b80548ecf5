import ArgumentParser
import Foundation
import ConfigFile
import Workflow

/// `infusion scan`: one or more vial scans at the compounding bench (verified/compounding -> compounding).
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Record vial scans (GS1 element strings as the DataMatrix scanner sends them).",
        discussion: "Each --code is checked against the site product list and the plan; lot and expiry are recorded per vial. Scans stop at the first refusal."
    )
    @Option(help: ArgumentHelp("The person compounding.", valueName: "id")) var by: String?
    @Option(help: ArgumentHelp("A GS1 element string: (01) GTIN, (17) expiry, (10) lot, (21) serial; repeat per vial.", valueName: "gs1"))
    var code: [String] = []
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "the person compounding")
        guard !code.isEmpty else { throw CommandFailure.badInput("--code is required (a GS1 element string per vial)") }
        let workflow = try await step.workflow.workflow()
        for scan in code {
            _ = try await performStep { () async throws(WorkflowError) in try await workflow.scanVial(id, code: scan, by: person) }
        }
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.record(id) })
    }
}

/// `infusion compound`: drug drawn and saline withdrawn confirmed, visual inspection recorded.
struct CompoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compound",
        abstract: "Confirm the volumes and the visual inspection (compounding -> compounded, or discarded on a failed inspection)."
    )
    /// The visual inspection's outcome.
    enum Inspection: String, ExpressibleByArgument, CaseIterable {
        case passed
        case failed
    }

    @Option(help: ArgumentHelp("The person compounding.", valueName: "id")) var by: String?
    @Option(name: .customLong("drug-drawn-ml"), parsing: .unconditional, help: ArgumentHelp("Drug volume drawn, mL (must equal the plan).", valueName: "ml")) var drugDrawnMl: String?
    @Option(name: .customLong("saline-withdrawn-ml"), parsing: .unconditional, help: ArgumentHelp("Saline withdrawn from the bag, mL (must equal the plan).", valueName: "ml"))
    var salineWithdrawnMl: String?
    @Option(help: "passed | failed (clear to opalescent, colourless to pale yellow, no visible particles)") var inspection: Inspection?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "the person compounding")
        let drug = try millilitres(drugDrawnMl, "--drug-drawn-ml")
        let saline = try millilitres(salineWithdrawnMl, "--saline-withdrawn-ml")
        guard let inspection else { throw CommandFailure.badInput("--inspection is required (passed or failed)") }
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in
            try await workflow.compound(id, drugDrawnMl: drug, salineWithdrawnMl: saline, inspectionPassed: inspection == .passed, by: person)
        })
    }
}

/// A volume option: a plain decimal number of mL, from 0 to 1000.
func millilitres(_ text: String?, _ option: String) throws -> Decimal {
    guard let text else { throw CommandFailure.badInput("\(option) is required (a volume in mL, e.g. 28.0)") }
    guard let value = StrictDecimal.parse(text), value >= 0, value <= 1000 else {
        throw CommandFailure.badInput("\(option) must be a volume in mL between 0 and 1000, such as 28.0; got '\(text.prefix(40))'")
    }
    return value
}
