import ArgumentParser
import Foundation
import Journal
import Workflow

/// `infusion journal verify|show|export`: audit the journal.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Verify, show or export the journal.",
        subcommands: [JournalVerifyCommand.self, JournalShowCommand.self, JournalExportCommand.self]
    )
}

/// Where the journal is, for the audit commands (they open it read-only, even when it fails verification).
struct JournalLocation: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory of the journal (default: $INFUSION_DATA_DIR, else $XDG_DATA_HOME/infusion).", valueName: "dir"))
    var dataDir: String?

    func open() throws -> Journal {
        let path = URL(fileURLWithPath: WorkflowEnvironment.resolveDataDirectory(explicit: dataDir))
            .appendingPathComponent(WorkflowEnvironment.journalFileName).path
        do {
            return try Journal.openForAudit(at: path)
        } catch JournalError.notFound {
            // A mistyped --data-dir (or one pointing at a file or a device) is the operator's to correct.
            throw CommandFailure.badInput("--data-dir: no journal at \(path); name the directory that holds journal.sqlite (or set $INFUSION_DATA_DIR)")
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
    }
}

/// `infusion journal verify`: exit 0 when intact; exit 1 naming the first entry altered, deleted, reordered or missing.
struct JournalVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain and the head anchor; name the first entry altered, deleted, reordered or truncated."
    )
    @OptionGroup var location: JournalLocation
    @Option(help: "text | json") var format: OutputFormat = .text

    func run() async throws {
        let journal = try location.open()
        let verification: JournalVerification
        do {
            verification = try await journal.verify()
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
        switch (verification, format) {
        case (.intact(let integrity), .json):
            print(try JSONText.encode(VerifyOutput(intact: true, entries: integrity.entryCount, headHash: integrity.headHash, firstBadEntry: nil, problem: nil)))
        case (.intact(let integrity), .text):
            print("journal \(journal.paths.database): \(integrity)")
        case (.broken(let defect), .json):
            print(try JSONText.encode(VerifyOutput(intact: false, entries: nil, headHash: nil, firstBadEntry: defect.sequenceNumber, problem: defect.description)))
            throw ExitCode(CommandFailure.runtimeExitCode)
        case (.broken(let defect), .text):
            print("journal \(journal.paths.database): BROKEN: \(defect)")
            throw ExitCode(CommandFailure.runtimeExitCode)
        }
    }

    struct VerifyOutput: Encodable {
        let intact: Bool
        let entries: Int64?
        let headHash: String?
        let firstBadEntry: Int64?
        let problem: String?

        enum CodingKeys: String, CodingKey { case intact, entries, headHash, firstBadEntry, problem }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(intact, forKey: .intact)
            try container.encode(entries, forKey: .entries)
            try container.encode(headHash, forKey: .headHash)
            try container.encode(firstBadEntry, forKey: .firstBadEntry)
            try container.encode(problem, forKey: .problem)
        }
    }
}

/// `infusion journal show`: the entries, one per line.
struct JournalShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the entries (all, or one preparation's).")
    @OptionGroup var location: JournalLocation
    @Option(name: .customLong("prep"), help: ArgumentHelp("Only this preparation's entries.", valueName: "id")) var preparationId: String?

    func run() async throws {
        let journal = try location.open()
        let entries: [JournalEntry]
        do {
            if let preparationId {
                entries = try await journal.entries(preparationId: preparationId)
            } else {
                entries = try await journal.entries()
            }
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
        if let preparationId, entries.isEmpty {
            // Silence would read as "this preparation has no history"; a mistyped id is the auditor's to correct.
            throw CommandFailure.badInput("--prep: no preparation '\(preparationId)' in the journal (no entry names it)")
        }
        for entry in entries {
            print("\(entry.sequenceNumber)\t\(entry.time.iso8601)\t\(entry.actor)\t\(entry.preparationId ?? "-")\t\(entry.event)\t\(entry.dataJSON)")
        }
    }
}

/// `infusion journal export --format jsonl|csv`: every stored field, enough to re-verify the chain elsewhere.
struct JournalExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export the journal as JSON Lines or CSV for audits.")

    /// Export formats by their command-line names.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
        case csv
    }

    @OptionGroup var location: JournalLocation
    @Option(help: "jsonl | csv") var format: Format = .jsonl
    @Option(help: ArgumentHelp("Write to this file instead of standard output (created; must not exist).", valueName: "file")) var output: String?

    /// Creates `path` for writing, refusing one that exists (never truncated: it may be an earlier export or any
    /// other file) and naming `--output` when the path cannot be created.
    static func createNew(_ path: String) throws -> FileHandle {
        guard !path.isEmpty else { throw CommandFailure.badInput("--output needs a file name, such as journal.jsonl") }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let cause = String(cString: strerror(errno))
            switch errno {
            case EEXIST: throw CommandFailure.badInput("--output \(path) already exists; name a new file (an export never overwrites)")
            case ENOENT, ENOTDIR, EACCES, EROFS, EISDIR: throw CommandFailure.badInput("--output \(path) cannot be created (\(cause)); name a new file in a writable directory")
            default: throw CommandFailure.runtime("--output \(path) cannot be created: \(cause)")
            }
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    func run() async throws {
        let journal = try location.open()
        let exportFormat: JournalExportFormat = format == .jsonl ? .jsonLines : .csv
        do {
            if let output {
                let handle = try Self.createNew(output)
                do {
                    try await journal.export(exportFormat, to: handle)
                    try handle.synchronize()
                    try handle.close()
                } catch {
                    // A half-written export must not be mistaken for the journal's contents: remove it.
                    try? handle.close()
                    unlink(output)
                    throw error
                }
            } else {
                signal(SIGPIPE, SIG_IGN)
                try await journal.export(exportFormat, to: FileHandle.standardOutput)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
    }
}
