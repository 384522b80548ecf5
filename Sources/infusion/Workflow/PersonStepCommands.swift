import ArgumentParser
import Foundation
import Workflow

/// The options of a step that one person takes on one preparation.
struct StepOptions: ParsableArguments {
    @Option(name: .customLong("prep"), help: ArgumentHelp("The preparation (bag) identifier.", valueName: "id")) var preparationId: String?
    @OptionGroup var workflow: WorkflowOptions

    func id() throws -> String {
        guard let preparationId, !preparationId.isEmpty else { throw CommandFailure.badInput("--prep is required (the preparation identifier, e.g. P-7K2M9Q4XRA)") }
        return preparationId
    }
}

/// A required person identifier option's value, or the error naming it.
func required(_ value: String?, _ option: String, _ what: String) throws -> String {
    guard let value, !value.isEmpty else { throw CommandFailure.badInput("\(option) is required (\(what))") }
    return value
}

/// A required person identifier option's value, checked by the workflow's rule for names before anything is opened.
func requiredPerson(_ value: String?, _ option: String, _ what: String) throws -> String {
    let person = try required(value, option, what)
    do {
        try Workflow.checkPerson(person, option: option)
    } catch {
        throw CommandFailure.badInput(error.description)
    }
    return person
}

/// `infusion verify`: a pharmacist verifies the calculation.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Pharmacist verification (calculated -> verified).")
    @Option(help: ArgumentHelp("The verifying pharmacist.", valueName: "id")) var pharmacist: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(pharmacist, "--pharmacist", "the verifying pharmacist's identifier")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.verify(id, pharmacist: person) })
    }
}

/// `infusion check`: the independent second check.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Independent check by a second person, not the preparer (compounded -> checked).")
    @Option(help: ArgumentHelp("The checking person.", valueName: "id")) var checker: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(checker, "--checker", "the checking person's identifier")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.check(id, checker: person) })
    }
}

/// `infusion label`: prints the bag label and records it.
struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Print the bag label (checked -> labelled).")
    @Option(help: ArgumentHelp("Who prints it.", valueName: "id")) var by: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who prints the label")
        let workflow = try await step.workflow.workflow()
        let text = try await performStep { () async throws(WorkflowError) in try await workflow.label(id, by: person) }
        switch step.workflow.format {
        case .json: print(try JSONText.encode(["preparationId": id, "label": text]))
        case .text: print(text)
        }
    }
}

/// `infusion dispense`: the bag leaves the pharmacy.
struct DispenseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispense", abstract: "Dispense the bag (labelled -> dispensed).")
    @Option(help: ArgumentHelp("Who dispenses it.", valueName: "id")) var by: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who dispenses the bag")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.dispense(id, by: person) })
    }
}

/// `infusion bedside`: bag and wristband scanned by the nurse.
struct BedsideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bedside", abstract: "Match bag and patient at the bedside (dispensed -> atBedside).")
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @Option(help: ArgumentHelp("The bag identifier as scanned.", valueName: "id")) var bag: String?
    @Option(help: ArgumentHelp("The patient identifier as scanned from the wristband.", valueName: "id")) var patient: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(nurse, "--nurse", "the nurse's identifier")
        let bagId = try required(bag, "--bag", "the bag identifier as scanned")
        let patientId = try required(patient, "--patient", "the patient identifier from the wristband")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in
            try await workflow.bedside(id, bagId: bagId, patientId: patientId, nurse: person)
        })
    }
}
