import ArgumentParser
import Foundation
import Workflow

/// `infusion hold`: put a preparation on hold before infusion.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Put a preparation on hold (before infusion).")
    @Option(help: ArgumentHelp("Who decides.", valueName: "id")) var by: String?
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who puts it on hold")
        let why = try required(reason, "--reason", "why it is held")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.hold(id, reason: why, by: person) })
    }
}

/// `infusion release`: release a hold (an engine hold is recalculated now).
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a hold; a preparation held by the engine is recalculated now.")
    @Option(help: ArgumentHelp("Who releases it.", valueName: "id")) var by: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who releases the hold")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.release(id, by: person) })
    }
}

/// `infusion discard`: the bag (or its components) is discarded.
struct DiscardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "discard", abstract: "Discard a bag: beyond-use time passed, failed inspection, wrong lot, ...")
    @Option(help: ArgumentHelp("Who discards it.", valueName: "id")) var by: String?
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who discards the bag")
        let why = try required(reason, "--reason", "why it is discarded")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.discard(id, reason: why, by: person) })
    }
}

/// `infusion cancel`: withdraw an order before anything was drawn.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Withdraw an order before compounding.")
    @Option(help: ArgumentHelp("Who withdraws it.", valueName: "id")) var by: String?
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?
    @OptionGroup var step: StepOptions

    func run() async throws {
        let id = try step.id()
        let person = try required(by, "--by", "who withdraws the order")
        let why = try required(reason, "--reason", "why it is withdrawn")
        let workflow = try await step.workflow.workflow()
        try step.workflow.print(try await performStep { () async throws(WorkflowError) in try await workflow.cancel(id, reason: why, by: person) })
    }
}

/// `infusion show` / `infusion list`: read preparations from the journal.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one preparation, or every preparation without --prep.")
    @Option(name: .customLong("prep"), help: ArgumentHelp("The preparation identifier.", valueName: "id")) var preparationId: String?
    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        let workflow = try await options.workflow()
        if let preparationId {
            try options.print(try await performStep { () async throws(WorkflowError) in try await workflow.record(preparationId) })
            return
        }
        let records = await workflow.allRecords()
        switch options.format {
        case .json: print(try JSONText.encode(records))
        case .text: for record in records { print(RecordSummary.line(record)) }
        }
    }
}
