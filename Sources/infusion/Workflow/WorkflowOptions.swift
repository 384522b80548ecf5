import ArgumentParser
import Foundation
import Workflow

/// Options every journal-backed command takes: where the journal and the configuration are, and the output format.
struct WorkflowOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory of the journal (default: $INFUSION_DATA_DIR, else $XDG_DATA_HOME/infusion); created when missing.", valueName: "dir"))
    var dataDir: String?
    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Directory of the configuration files (default: $INFUSION_CONFIG_DIR, ./Config).", valueName: "dir"))
    var configDir: String?
    @Option(help: "text | json") var format: OutputFormat = .text
    @Flag(name: .customLong("trace-journal"), help: .hidden) var traceJournal = false

    /// The loaded configuration and data directory, or the command's failure.
    ///
    /// Only `creating` commands (`order`) start a journal; every other command refers to a preparation a journal
    /// must already hold, so on a data directory without one it refuses (exit 2) and creates nothing: a mistyped
    /// `--data-dir` must not leave an empty journal behind for the next command to run on.
    func environment(creating: Bool = false, requireJournal: Bool = true) throws -> WorkflowEnvironment {
        let environment: WorkflowEnvironment
        do {
            environment = try WorkflowEnvironment.load(configDirectory: configDir, dataDirectory: dataDir, createDataDirectory: creating)
        } catch {
            throw error.isBadInput ? CommandFailure.badInput(error.description) : CommandFailure.runtime(error.description)
        }
        guard creating || !requireJournal || environment.journalExists else {
            throw CommandFailure.badInput(
                "--data-dir: no journal at \(environment.journalPath); name the directory of the journal `infusion order` started (or set $INFUSION_DATA_DIR)")
        }
        return environment
    }

    /// The workflow over the verified journal; `creating`: the journal is started when missing (`order`).
    func workflow(creating: Bool = false) async throws -> Workflow {
        try await open(try environment(creating: creating))
    }

    /// The workflow of `environment`; with `--trace-journal`, every entry is reported on stderr once durable
    /// (`journalled SEQ HASH`), for crash tests.
    func open(_ environment: WorkflowEnvironment) async throws -> Workflow {
        let workflow: Workflow
        do {
            workflow = try await environment.openWorkflow()
        } catch {
            throw error.isBadInput ? CommandFailure.badInput(error.description) : CommandFailure.runtime(error.description)
        }
        if traceJournal {
            await workflow.observeJournal { entries in
                let lines = entries.map { "journalled \($0.sequenceNumber) \($0.hash) \($0.event)\n" }.joined()
                FileHandle.standardError.write(Data(lines.utf8))
            }
        }
        return workflow
    }

    /// Prints a record: JSON, or one summary line.
    func print(_ record: PreparationRecord) throws {
        switch format {
        case .json: Swift.print(try JSONText.encode(record))
        case .text: Swift.print(RecordSummary.line(record))
        }
    }
}

/// Runs a workflow step, turning its typed error into the command's exit code (2: the request was wrong; 1: the
/// system failed, e.g. the journal could not record the step).
func performStep<T>(_ body: () async throws(WorkflowError) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw error.isBadInput ? CommandFailure.badInput(error.description) : CommandFailure.runtime(error.description)
    }
}
