import Foundation
import GRDB
import Journal
import TestSupport
import Testing

/// Shared set-up for the journal tests: fresh paths, fixed times, drafts, and raw SQL access for tampering.
enum JournalFixture {
    /// The directory the current test's journals go in, removed when the test ends (see `TemporaryJournals`).
    @TaskLocal static var directory: URL?

    /// A journal path inside a fresh directory (the file does not exist yet).
    static func freshPath(_ label: String) throws -> String {
        guard let directory else {
            return try RepositoryLayout.temporaryDirectory("journal-\(label)").appendingPathComponent("journal.sqlite").path
        }
        let own = directory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        return own.appendingPathComponent("journal.sqlite").path
    }

    /// 2025-03-14T09:26:53.589Z plus `offsetMilliseconds`: a fixed clock, never the wall clock.
    static func time(_ offsetMilliseconds: Int64 = 0) -> Date {
        Date(timeIntervalSince1970: Double(1_741_944_413_589 + offsetMilliseconds) / 1000)
    }

    /// A valid draft numbered `index`, for journals whose content does not matter to the test.
    static func draft(_ index: Int, preparationId: String? = "PREP-A") -> JournalEntryDraft {
        JournalEntryDraft(
            time: time(Int64(index) * 1000), actor: index % 2 == 0 ? "nurse-017" : JournalEntryDraft.controllerActor,
            preparationId: preparationId, event: "test.step", data: ["index": .number(Decimal(index)), "note": "step \(index)"])
    }

    /// A closed journal at a fresh path holding `count` entries; returns the path and the entries as written.
    static func journal(_ label: String, entries count: Int) async throws -> (String, [JournalEntry]) {
        let path = try freshPath(label)
        let journal = try Journal.openVerified(at: path)
        var written: [JournalEntry] = []
        for index in 1...count {
            written.append(try await journal.append(draft(index)))
        }
        try await journal.close()
        return (path, written)
    }

    /// Runs raw SQL on the journal's database the way someone with the file and a SQLite tool could, after dropping
    /// the append-only triggers as they would.
    static func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        try tamper(path) { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Runs `change` on the journal's database with the append-only triggers dropped.
    static func tamper(_ path: String, _ change: (Database) throws -> Void) throws {
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS journal_entry_no_update; DROP TRIGGER IF EXISTS journal_entry_no_delete")
            try change(db)
        }
        try database.close()
    }

    /// The verification result of the journal at `path`, opened for audit.
    static func verification(_ path: String) async throws -> JournalVerification {
        let journal = try Journal.openForAudit(at: path)
        let result = try await journal.verify()
        try await journal.close()
        return result
    }

    /// The defect at `path`, or nil when the journal verifies.
    static func defect(_ path: String) async throws -> JournalDefect? {
        if case .broken(let defect) = try await verification(path) { return defect }
        return nil
    }

    /// The error `body` throws as a `JournalError`, or nil when it does not throw one.
    static func journalError<T>(_ body: () async throws -> T) async -> JournalError? {
        do {
            _ = try await body()
            return nil
        } catch let error as JournalError {
            return error
        } catch {
            return nil
        }
    }

    /// The bytes of a file, or nil when absent.
    static func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }
}

/// Gives each test its own temporary directory for journals and removes it afterwards, so test runs leave nothing
/// behind in /tmp.
struct TemporaryJournals: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let directory = try RepositoryLayout.temporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await JournalFixture.$directory.withValue(directory) { try await function() }
    }
}

extension Trait where Self == TemporaryJournals {
    /// Journals created with `JournalFixture.freshPath` live in a per-test directory removed after the test.
    static var temporaryJournals: Self { TemporaryJournals() }
}
