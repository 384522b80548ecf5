import Foundation
import GRDB
import TestSupport
import Testing

/// One hostile input to `infusion` and what must follow it (docs/reliability.md, bad input).
///
/// Arguments may hold placeholders replaced when the case runs: `$PREP` (a preparation in `calculated`), `$DISPENSED`
/// (another patient's preparation, dispensed), `$VERIFIED` (a third, verified: ready for vial scans), `$DATA` (the data directory), `$CONFIG` (the configuration directory),
/// `$SCRATCH` (a scratch directory beside them) and `$BIG` (100 000 characters, under the kernel's 128 KiB limit for
/// one argument: a 1 MB argument cannot be passed to any program, `execve` refuses it with E2BIG). An argument that
/// starts with NUL is raw bytes in hex (`"\u{0}ff41"`): NUL itself can never be in an argument, so the marker cannot
/// collide with a real one; such a case is run through bash's `$'\xff'` quoting.
struct HostileCase: Sendable, CustomTestStringConvertible {
    /// The command or file under test, as the table groups it (`order`, `site.yaml`).
    let subject: String
    /// What was fed, in words, for the table.
    let input: String
    /// The command line, with placeholders.
    let arguments: [String]
    /// What the data directory looks like before the command.
    let data: DataSetup
    /// A configuration file replaced by hostile content, when the case is about configuration.
    let config: ConfigMutation?
    /// Fragments the one stderr line must contain: the option or `file:line: field`, and the accepted range.
    let expected: [String]
    /// The exit code required: 2 for bad input unless the table says otherwise (and why).
    let exitCode: Int32
    /// What the command may write.
    let writes: Writes

    var testDescription: String { "\(subject): \(input)" }

    /// The data directory a case starts from.
    enum DataSetup: Sendable {
        /// A copy of the template journal (two preparations); it must be byte-identical afterwards (or one refusal longer).
        case journal
        /// A path that does not exist; it must still not exist afterwards.
        case absent
    }

    /// What a refused command may leave behind.
    enum Writes: Sendable {
        /// Nothing at all: every file of the data directory byte-identical, no file added or removed.
        case nothing
        /// Exactly one `workflow.refused` entry: a well-formed request the state machine or a guard refused is
        /// journalled by design (who tried what, when), and nothing else is written.
        case oneRefusal
    }

    /// A configuration file replaced before the command runs.
    struct ConfigMutation: Sendable {
        /// The file in `Config/` (`site.yaml`).
        let file: String
        /// What replaces it.
        let content: Content

        enum Content: Sendable {
            /// These bytes.
            case bytes([UInt8])
            /// The original text with `original` replaced by `replacement` (exactly once).
            case edit(original: String, replacement: String)
            /// A symbolic link to this path (`/dev/zero`).
            case symlink(String)
            /// A FIFO nobody writes to.
            case fifo
            /// A directory.
            case directory
        }
    }
}

/// Where the table's inputs run: the template journal, the scratch directories, the runner and the assertions.
enum HostileInputHarness {
    static let infusion = RepositoryLayout.product("infusion")
    static let big = String(repeating: "7", count: 100_000)

    /// The template: preparations `calculated` (PAT-1), `dispensed` (PAT-2) and `verified` (PAT-3), built once per
    /// test process.
    struct Template: Sendable {
        let directory: URL
        let calculatedId: String
        let dispensedId: String
        let verifiedId: String
    }

    static let template = Task<Template, any Error> { try await buildTemplate() }

    private static func buildTemplate() async throws -> Template {
        let directory = try RepositoryLayout.temporaryDirectory("hostile-template")
        func run(_ arguments: [String]) async throws -> String {
            let outcome = try await ProcessRunner.run(infusion, arguments + ["--data-dir", directory.path, "--format", "json"])
            guard outcome.exitCode == 0 else { throw TemplateFailure(message: "\(arguments): \(outcome.stderr)") }
            return outcome.stdout
        }
        func order(_ patient: String) async throws -> String {
            let text = try await run(["order", "--patient", patient, "--by", "dr-li", "--indication", "ra", "--weight-kg", "70",
                                      "--age-years", "50", "--first-dose", "--alt-xuln", "0.8", "--ast-xuln", "0.9", "--anc", "3", "--platelets", "200"])
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            guard let record = object?["record"] as? [String: Any], let id = record["preparationId"] as? String else {
                throw TemplateFailure(message: "no preparation id in \(text)")
            }
            return id
        }
        let calculated = try await order("PAT-1")
        let dispensed = try await order("PAT-2")
        let verified = try await order("PAT-3")
        _ = try await run(["verify", "--prep", verified, "--pharmacist", "ph-1"])
        _ = try await run(["verify", "--prep", dispensed, "--pharmacist", "ph-1"])
        _ = try await run(["scan", "--prep", dispensed, "--by", "t-1", "--code", "]d2010952000040001917271231104001\u{1D}21A1",
                           "--code", "]d2010952000008001317271231108001\u{1D}21B1", "--code", "]d2010952000008001317271231108001\u{1D}21B2"])
        _ = try await run(["compound", "--prep", dispensed, "--by", "t-1", "--drug-drawn-ml", "28.0", "--saline-withdrawn-ml", "28", "--inspection", "passed"])
        _ = try await run(["check", "--prep", dispensed, "--checker", "ph-2"])
        _ = try await run(["label", "--prep", dispensed, "--by", "ph-2"])
        _ = try await run(["dispense", "--prep", dispensed, "--by", "ph-2"])
        return Template(directory: directory, calculatedId: calculated, dispensedId: dispensed, verifiedId: verified)
    }

    struct TemplateFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "building the template journal failed: \(message)" }
    }

    /// Every file under `directory` (relative path) with its bytes (a directory: empty); empty when it does not exist.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return files }
        for case let url as URL in walker {
            // SQLite's shared-memory index: a read-only audit connection (journal show/export) rewrites it without
            // touching the journal's content, which the database and its write-ahead log hold.
            if url.lastPathComponent.hasSuffix("-shm") { continue }
            // An empty write-ahead log holds nothing: SQLite creates one when a read-only connection opens a WAL
            // database whose log is absent (the journal's content is unchanged).
            if url.lastPathComponent.hasSuffix("-wal"), (try? Data(contentsOf: url))?.isEmpty == true { continue }
            let relative = String(url.path.dropFirst(directory.path.count))
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            files[relative] = isDirectory.boolValue ? Data() : try Data(contentsOf: url)
        }
        return files
    }

    /// The journal's entry events in order, read with SQLite directly (not through the code under test) from a copy,
    /// so that reading creates no `-wal` or `-shm` file beside the journal under test.
    static func events(_ directory: URL) throws -> [String] {
        let path = directory.appendingPathComponent("journal.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let copy = try RepositoryLayout.temporaryDirectory("hostile-events")
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("journal.sqlite") {
            try FileManager.default.copyItem(at: directory.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let database = try DatabaseQueue(path: copy.appendingPathComponent("journal.sqlite").path)
        return try database.read { try String.fetchAll($0, sql: "SELECT event FROM journal_entry ORDER BY seq") }
    }

    /// Runs `arguments`, through bash when one holds raw bytes.
    static func run(_ arguments: [String], deadlineSeconds: Double = 60) async throws -> ProcessOutcome {
        guard arguments.contains(where: { $0.hasPrefix("\u{0}") }) else {
            return try await ProcessRunner.run(infusion, arguments, currentDirectory: RepositoryLayout.root, deadlineSeconds: deadlineSeconds)
        }
        let script = "exec " + ([infusion.path] + arguments).map(shellQuoted).joined(separator: " ")
        return try await ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), ["-c", script], currentDirectory: RepositoryLayout.root, deadlineSeconds: deadlineSeconds)
    }

    /// `$'\x..'` for every byte: exact whatever the argument holds.
    private static func shellQuoted(_ argument: String) -> String {
        let bytes: [UInt8]
        if argument.hasPrefix("\u{0}") {
            let hex = Array(argument.dropFirst())
            bytes = stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
        } else {
            bytes = Array(argument.utf8)
        }
        return "$'" + bytes.map { String(format: "\\x%02x", $0) }.joined() + "'"
    }

    /// A fresh configuration directory: a copy of `Config/` with the case's mutation applied.
    static func configDirectory(in scratch: URL, _ mutation: HostileCase.ConfigMutation?) throws -> URL {
        let directory = scratch.appendingPathComponent("Config")
        try FileManager.default.copyItem(at: RepositoryLayout.configDirectory, to: directory)
        guard let mutation else { return directory }
        let file = directory.appendingPathComponent(mutation.file)
        switch mutation.content {
        case .bytes(let bytes):
            try Data(bytes).write(to: file)
        case .edit(let original, let replacement):
            let text = try String(contentsOf: file, encoding: .utf8)
            let parts = text.components(separatedBy: original)
            guard parts.count == 2 else { throw TemplateFailure(message: "'\(original)' is not in \(mutation.file) exactly once") }
            try Data(parts.joined(separator: replacement).utf8).write(to: file)
        case .symlink(let target):
            try FileManager.default.removeItem(at: file)
            try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
        case .fifo:
            try FileManager.default.removeItem(at: file)
            guard mkfifo(file.path, 0o600) == 0 else { throw TemplateFailure(message: "mkfifo \(file.path): errno \(errno)") }
        case .directory:
            try FileManager.default.removeItem(at: file)
            try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        }
        return directory
    }
}
