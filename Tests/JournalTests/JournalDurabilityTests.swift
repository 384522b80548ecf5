import Foundation
import GRDB
import Journal
import Testing

@Suite("Durability settings and write failures", .temporaryJournals)
struct JournalDurabilityTests {
    @Test("the journal's own connection runs in WAL mode with synchronous FULL, and the file says WAL")
    func settingsInEffect() async throws {
        let path = try JournalFixture.freshPath("durability")
        let journal = try Journal.openVerified(at: path)
        _ = try await journal.append(JournalFixture.draft(1))
        #expect(try await journal.durability() == JournalDurability(journalMode: "wal", synchronous: 2))

        // journal_mode is persistent: a separate connection and the file header (bytes 18 and 19 are 2 for WAL,
        // per the SQLite file format) both show it.
        let raw = try DatabaseQueue(path: path)
        let persistentMode = try await raw.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(persistentMode == "wal")
        try raw.close()
        let header = try #require(JournalFixture.bytes(path))
        #expect(Array(header[18...19]) == [2, 2])
        try await journal.close()
    }

    @Test("while another connection holds the write lock, append fails naming the path and the lock; nothing is written")
    func databaseLocked() async throws {
        let (path, written) = try await JournalFixture.journal("locked", entries: 2)
        let journal = try Journal.openVerified(at: path, options: JournalOptions(busyTimeoutMilliseconds: 0))
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }

        let error = await JournalFixture.journalError { try await journal.append(JournalFixture.draft(3)) }
        guard case .writeFailed(let failedPath, let cause) = error else {
            Issue.record("expected writeFailed, got \(String(describing: error))")
            return
        }
        #expect(failedPath == journal.paths.database)
        #expect(cause.contains("locked"), "\(cause)")
        #expect(error?.entriesWereWritten == false)
        #expect(error?.description.contains("NOT written") == true)

        try other.inDatabase { try $0.execute(sql: "ROLLBACK") }
        try other.close()
        #expect(try await journal.entries() == written)
        let third = try await journal.append(JournalFixture.draft(3))
        #expect(third.sequenceNumber == 3)
        #expect(third.previousHash == written[1].hash)
        try await journal.close()
    }

    @Test("when the head anchor cannot be replaced, the error carries the durable entries and appending waits for the anchor")
    func anchorCannotBeWritten() async throws {
        let (path, _) = try await JournalFixture.journal("anchor-fail", entries: 2)
        let journal = try Journal.openVerified(at: path)
        let blocker = journal.paths.headAnchorTemporary
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)

        let error = await JournalFixture.journalError { try await journal.append(JournalFixture.draft(3)) }
        guard case .anchorUpdateFailed(let failedPath, _, let writtenEntries) = error else {
            Issue.record("expected anchorUpdateFailed, got \(String(describing: error))")
            return
        }
        #expect(failedPath == journal.paths.headAnchor)
        #expect(error?.entriesWereWritten == true)
        #expect(writtenEntries.map(\.sequenceNumber) == [3])
        #expect(try await journal.lastEntry() == writtenEntries.first)
        let lagging = try await JournalFixture.verification(path)
        #expect(lagging == .intact(JournalIntegrity(entryCount: 3, headHash: writtenEntries[0].hash, anchoredSequenceNumber: 2)))

        let refused = await JournalFixture.journalError { try await journal.append(JournalFixture.draft(4)) }
        guard case .writeFailed(let refusedPath, _) = refused else {
            Issue.record("expected writeFailed, got \(String(describing: refused))")
            return
        }
        #expect(refusedPath == journal.paths.headAnchor)
        #expect(try await journal.entries().count == 3)

        try FileManager.default.removeItem(atPath: blocker)
        let fourth = try await journal.append(JournalFixture.draft(4))
        #expect(fourth.sequenceNumber == 4)
        #expect(try await journal.verify() == .intact(JournalIntegrity(entryCount: 4, headHash: fourth.hash, anchoredSequenceNumber: 4)))
        try await journal.close()
    }

    @Test("appends from many tasks at once are serialised: 1...40 with no gap, no repeat, one chain")
    func concurrentAppends() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("concurrent"))
        let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 1...40 {
                group.addTask { try await journal.append(JournalFixture.draft(index)).sequenceNumber }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...40))
        #expect(try await journal.verify().isIntact)
        try await journal.close()
    }
}
