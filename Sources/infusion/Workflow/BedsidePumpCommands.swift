import ArgumentParser
import ConfigFile
import Foundation
import PumpDriver
import PumpProtocol
import Workflow

/// The shared part of the bedside pump steps: the preparation, the pump, and opening a journalled session.
struct BedsidePumpOptions: ParsableArguments {
    @OptionGroup var step: StepOptions
    @OptionGroup var pump: PumpTargetOptions

    /// The workflow, its environment, and a session to the pump, journalled under the preparation.
    func open() async throws -> (Workflow, WorkflowEnvironment, PumpSession, String) {
        let id = try step.id()
        let endpoint = try pump.endpoint()
        let environment = try step.workflow.environment()
        let workflow = try await step.workflow.open(environment)
        let session = try await performStep { () async throws(WorkflowError) in
            try await workflow.openPumpSession(id, endpoint: endpoint, address: pump.address, profile: pump.profile, catalog: environment.pumps)
        }
        return (workflow, environment, session, id)
    }
}

/// `infusion program`: program the pump with the approved plan, read it back, compare every field.
struct ProgramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Program the pump with the bag's plan and compare its read-back (atBedside -> programmed)."
    )
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @OptionGroup var options: BedsidePumpOptions

    func run() async throws {
        let person = try requiredPerson(nurse, "--nurse", "the nurse's identifier")
        let (workflow, _, session, id) = try await options.open()
        let record = try await closing(session) {
            try await performStep { () async throws(WorkflowError) in try await workflow.program(id, session: session, nurse: person) }
        }
        try options.step.workflow.print(record)
    }
}

/// `infusion start`: start the programmed pump, then watch the infusion to its end (unless --detach).
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the infusion (programmed -> infusing) and watch it until it completes or stops.",
        discussion: "The program is read back and compared again before START; START is sent once, never repeated. Interrupting the watch leaves the pump running: its watchdog alarms if nobody watches (run `infusion watch`)."
    )
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @Flag(help: "Start and return, without watching.") var detach = false
    @Option(name: .customLong("poll-seconds"), parsing: .unconditional, help: ArgumentHelp("Seconds between status reads while watching (default: site.yaml).", valueName: "s"))
    var pollSeconds: String?
    @OptionGroup var options: BedsidePumpOptions

    func run() async throws {
        let person = try requiredPerson(nurse, "--nurse", "the nurse's identifier")
        let explicitInterval = try pollSecondsOption(pollSeconds)
        let (workflow, environment, session, id) = try await options.open()
        let record = try await closing(session) {
            let interval = explicitInterval ?? siteInterval(environment)
            let started = try await performStep { () async throws(WorkflowError) in try await workflow.start(id, session: session, nurse: person) }
            if detach { return started }
            let display = ProgressDisplay(format: options.step.workflow.format)
            return try await performStep { () async throws(WorkflowError) in
                try await workflow.supervise(id, session: session, every: interval) { update in await display.show(update) }
            }
        }
        if options.step.workflow.format == .text || detach { try options.step.workflow.print(record) }
    }
}

/// `infusion watch`: re-attach to a preparation's pump (after a restart of this program), reconcile, and watch.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-attach to the pump, reconcile the journal with it, and watch the infusion until it ends.",
        discussion: "Never starts or resumes anything by itself: a START whose outcome was unknown is settled from the pump's status."
    )
    @Option(name: .customLong("poll-seconds"), parsing: .unconditional, help: ArgumentHelp("Seconds between status reads (default: site.yaml).", valueName: "s"))
    var pollSeconds: String?
    @OptionGroup var options: BedsidePumpOptions

    func run() async throws {
        let explicitInterval = try pollSecondsOption(pollSeconds)
        let (workflow, environment, session, id) = try await options.open()
        let record = try await closing(session) {
            let interval = explicitInterval ?? siteInterval(environment)
            let display = ProgressDisplay(format: options.step.workflow.format)
            return try await performStep { () async throws(WorkflowError) in
                try await workflow.supervise(id, session: session, every: interval) { update in await display.show(update) }
            }
        }
        if options.step.workflow.format == .text { try options.step.workflow.print(record) }
    }
}

/// The three nurse actions share everything but the step.
enum NurseAction: String {
    case pause, resume, stop

    func perform(_ workflow: Workflow, _ id: String, _ session: PumpSession, _ nurse: String) async throws(WorkflowError) -> PreparationRecord {
        switch self {
        case .pause: try await workflow.pause(id, session: session, nurse: nurse)
        case .resume: try await workflow.resume(id, session: session, nurse: nurse)
        case .stop: try await workflow.stop(id, session: session, nurse: nurse)
        }
    }
}

/// Runs a nurse action command.
func runNurseAction(_ action: NurseAction, nurse: String?, options: BedsidePumpOptions) async throws {
    let person = try requiredPerson(nurse, "--nurse", "the nurse's identifier")
    let (workflow, _, session, id) = try await options.open()
    let record = try await closing(session) {
        try await performStep { () async throws(WorkflowError) in try await action.perform(workflow, id, session, person) }
    }
    try options.step.workflow.print(record)
}

/// `infusion pause`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause the infusion (infusing -> paused).")
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @OptionGroup var options: BedsidePumpOptions
    func run() async throws { try await runNurseAction(.pause, nurse: nurse, options: options) }
}

/// `infusion resume`.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Acknowledge the pump's alarms (causes fixed) and resume the same program (paused -> infusing).")
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @OptionGroup var options: BedsidePumpOptions
    func run() async throws { try await runNurseAction(.resume, nurse: nurse, options: options) }
}

/// `infusion stop`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop the infusion (-> stopped); after completion, end the keep-vein-open flow.")
    @Option(help: ArgumentHelp("The nurse.", valueName: "id")) var nurse: String?
    @OptionGroup var options: BedsidePumpOptions
    func run() async throws { try await runNurseAction(.stop, nurse: nurse, options: options) }
}

/// The `--poll-seconds` interval when given, checked before the pump is opened: a refused option must not follow
/// an IDEN exchange already journalled.
func pollSecondsOption(_ text: String?) throws -> Duration? {
    guard let text else { return nil }
    guard let value = StrictDecimal.parse(text), value >= Decimal(1) / 20, value <= 10 else {
        throw CommandFailure.badInput("--poll-seconds must be a number of seconds from 0.05 to 10; got '\(text.prefix(40))'")
    }
    return .milliseconds(NSDecimalNumber(decimal: value * 1000).intValue)
}

/// The site's status poll interval (site.yaml).
func siteInterval(_ environment: WorkflowEnvironment) -> Duration {
    .milliseconds(NSDecimalNumber(decimal: environment.site.pumpPollSeconds * 1000).intValue)
}

/// Runs `body`, then closes the pump session whether it succeeded or not.
func closing<T>(_ session: PumpSession, _ body: () async throws -> T) async throws -> T {
    do {
        let value = try await body()
        await session.close()
        return value
    } catch {
        await session.close()
        throw error
    }
}
